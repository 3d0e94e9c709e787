using System.Globalization;
using System.Text;
using KzBot.Core.Text;

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
            sb.Append("\nFailed (a file that cannot be read keeps its previous version; a folder that cannot be listed keeps all of its):");
            foreach (var f in r.Failed.Take(20))
            {
                sb.Append(ci, $"\n- {Shown(f.Source)}: {PrintableText.Escape(f.Reason)}");
            }

            if (r.Failed.Count > 20)
            {
                sb.Append(ci, $"\n…and {r.Failed.Count - 20} more (all are in the log)");
            }
        }

        if (r.Notes.Count > 0)
        {
            sb.Append("\nIndexed with a caveat:");
            foreach (var n in r.Notes.Take(20))
            {
                sb.Append(ci, $"\n- {Shown(n.Source)}: {PrintableText.Escape(n.Text)}");
            }
        }

        return sb.ToString();
    }

    /// <summary>A source key as printed: escaped, and a path thousands of characters deep shortened in the middle.</summary>
    private static string Shown(string key)
    {
        var escaped = PrintableText.Escape(key);
        return escaped.Length <= 300 ? escaped : string.Concat(escaped.AsSpan(0, 150), "…", escaped.AsSpan(escaped.Length - 140));
    }

    private static void List(StringBuilder sb, string label, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n{label}: {string.Join(", ", items.Take(20).Select(Shown))}{(items.Count > 20 ? $" and {items.Count - 20} more" : "")}");
    }
}
