using System.Globalization;
using System.Text;

namespace KzBot.Core.Ingestion;

/// <summary>The reload report as people read it, in chat and on the console.</summary>
public static class IndexReportText
{
    public static string Format(IndexReport r)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"Reload finished in {r.Elapsed.TotalSeconds:F2} s: {r.Added.Count} added, {r.Changed.Count} changed, {r.Removed.Count} removed, {r.Failed.Count} failed, {r.Unchanged} unchanged; {r.Chunks} passages indexed.");
        List(sb, "Added", r.Added);
        List(sb, "Changed", r.Changed);
        List(sb, "Removed", r.Removed);
        if (r.Failed.Count > 0)
        {
            sb.Append("\nFailed (the previous version, if any, keeps serving):");
            foreach (var f in r.Failed.Take(20))
            {
                sb.Append(ci, $"\n- {f.Source}: {f.Reason}");
            }
        }

        return sb.ToString();
    }

    private static void List(StringBuilder sb, string label, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n{label}: {string.Join(", ", items.Take(20))}{(items.Count > 20 ? $" and {items.Count - 20} more" : "")}");
    }
}
