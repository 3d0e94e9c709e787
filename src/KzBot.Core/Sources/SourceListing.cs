using System.Globalization;
using System.Text;
using KzBot.Core.Storage;
using KzBot.Core.Text;

namespace KzBot.Core.Sources;

/// <summary>The /sources list (and the CLI's): short id, title, origin, who added it and when, passages; in pages.</summary>
public static class SourceListing
{
    /// <summary>Ten lines a page: about one Telegram message, two Discord ones at most (the adapters split longer text).</summary>
    public const int PageSize = 10;

    private const int MaxTitle = 100;
    private const int MaxOrigin = 80;

    /// <summary>A folder document's short id: from its document id, so it stays the same across reloads.</summary>
    public static string ShortId(StoredDocument document) => document.Id.Length > 7 ? document.Id[1..7] : document.Id;

    public static string Format(IReadOnlyList<StoredDocument> documents, IReadOnlyList<ManagedSource> added, string pageArgument)
    {
        if (documents.Count == 0)
        {
            return "No sources are indexed yet. An admin can add one with /add <url> (or a file), or put files in the source folders and run /reload.";
        }

        var byKey = added.ToDictionary(ManagedFolder.KeyFor, StringComparer.Ordinal);
        var pages = (documents.Count + PageSize - 1) / PageSize;
        var page = int.TryParse(pageArgument.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, pages) : 1;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"{documents.Count} indexed source{(documents.Count == 1 ? "" : "s")}");
        sb.Append(pages > 1 ? string.Create(ci, $" (page {page} of {pages}):\n") : ":\n");
        var n = ((page - 1) * PageSize) + 1;
        foreach (var d in documents.Skip((page - 1) * PageSize).Take(PageSize))
        {
            var (id, origin) = byKey.TryGetValue(d.SourceKey, out var m)
                ? (m.Id, string.Create(ci, $"{(m.Origin == SourceOrigin.Url ? "URL" : "upload")} {Cut(m.Location, MaxOrigin)}, added by {PrintableText.Escape(m.AddedBy)} {m.AddedAt:yyyy-MM-dd HH:mm} UTC"))
                : (ShortId(d), "folder " + Cut(d.SourceKey, MaxOrigin));
            sb.Append(ci, $"{n++}. [{id}] {Cut(d.Title, MaxTitle)} — {origin}; {d.ChunkCount} passages\n");
        }

        if (page < pages)
        {
            sb.Append(ci, $"/sources {page + 1} shows the next page.");
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>The /stats line: how many indexed documents came from each origin.</summary>
    public static string CountsLine(IReadOnlyList<StoredDocument> documents, IReadOnlyList<ManagedSource> added)
    {
        var keys = added.ToDictionary(ManagedFolder.KeyFor, s => s.Origin, StringComparer.Ordinal);
        var urls = documents.Count(d => keys.TryGetValue(d.SourceKey, out var o) && o == SourceOrigin.Url);
        var uploads = documents.Count(d => keys.TryGetValue(d.SourceKey, out var o) && o == SourceOrigin.Upload);
        return string.Create(CultureInfo.InvariantCulture, $"Sources: {documents.Count - urls - uploads} from folders, {urls} from URLs, {uploads} uploaded");
    }

    private static string Cut(string text, int max)
    {
        var escaped = PrintableText.Escape(text);
        return escaped.Length <= max ? escaped : escaped[..(max - 1)] + "…";
    }
}
