using System.Text.RegularExpressions;

namespace KzBot.Core.Ingestion;

/// <summary>
/// Drops page furniture that must never be cited: repeated titles, comment-form footers, picture credits,
/// cookie banners, share and subscribe prompts. Only short blocks are judged, so a real paragraph that
/// happens to mention cookies or a photo stays.
/// </summary>
public static partial class BoilerplateFilter
{
    private const int MaxFurnitureWords = 40;

    public static IReadOnlyList<ExtractedBlock> Clean(string? title, IReadOnlyList<ExtractedBlock> blocks)
    {
        var normalizedTitle = Normalize(title);
        var kept = new List<ExtractedBlock>(blocks.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ExtractedBlock? titleBlock = null;
        foreach (var block in blocks)
        {
            var normalized = Normalize(block.Text);
            if (normalized.Length == 0)
            {
                continue;
            }

            if (normalized == normalizedTitle)
            {
                titleBlock ??= block;
                continue;
            }

            if (IsFurniture(block.Text))
            {
                continue;
            }

            // Scraped pages repeat blocks (title banners, pull quotes); a repeat adds nothing and confuses citations.
            if (normalized.Length < 300 && !seen.Add(normalized))
            {
                continue;
            }

            kept.Add(block);
        }

        // A one-paragraph document whose title was taken from that paragraph is that paragraph, not empty.
        if (kept.Count == 0 && titleBlock is not null)
        {
            kept.Add(titleBlock);
        }

        return kept;
    }

    public static bool IsFurniture(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words <= MaxFurnitureWords && Furniture().IsMatch(text);
    }

    private static string Normalize(string? s) =>
        s is null ? "" : TextDecoding.CollapseWhitespace(s).Trim().TrimEnd('.', ':').ToLowerInvariant();

    [GeneratedRegex(
        @"^(leave a (reply|comment)|post a comment|comments?|related( posts| articles)?|share( this)?( article| post)?|skip to (main )?content|advertisement|read more|click here.*)\s*:?$" +
        @"|akismet|your email address will not be published|required fields are marked|notify me of (new|follow-up)" +
        @"|\b(picture|photo|image|photograph) ?(credit|courtesy)s?\b|^(photo|image|picture|credit|source: (getty|reuters|ap|afp))\s*[:©]" +
        @"|\bwe use cookies\b|\b(accept|reject|manage)( all)? cookies\b|\bcookie (policy|settings|preferences)\b|\bthis (web)?site uses cookies\b" +
        @"|\bsubscribe to (our|the) newsletter\b|\bsign up for (our|the) newsletter\b|\ball rights reserved\b|^©|^copyright \d{4}" +
        @"|\bfollow us on\b|\bshare (on|via) (facebook|twitter|x|linkedin|email)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Furniture();
}
