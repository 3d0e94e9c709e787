using System.Text;
using KzBot.Core.Text;

namespace KzBot.Discord.Rendering;

/// <summary>Small helpers for putting document text into Discord markdown safely.</summary>
internal static class MarkdownText
{
    /// <summary>A masked link with previews suppressed, or the plain label when the URL is not http(s).</summary>
    public static string Link(string label, string? url)
    {
        var text = LinkLabel(label);
        if (!WebLink.TryParse(url, out var uri))
        {
            return Escape(text);
        }

        // Angle brackets stop the preview embed; these characters would end the link early.
        var safe = uri.AbsoluteUri.Replace(")", "%29", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
        return $"[{text}](<{safe}>)";
    }

    /// <summary>Escapes markdown so titles and quotes show as written (mentions are harmless: allowed_mentions is empty).</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '[' or ']')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    // Discord shows link text literally when it has brackets, an emoji, or looks like a URL itself.
    private static string LinkLabel(string label)
    {
        var sb = new StringBuilder(label.Length);
        foreach (var rune in label.EnumerateRunes())
        {
            if (rune.Value is '[' or ']' or '(' or ')' || rune.Value > 0xFFFF || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.OtherSymbol)
            {
                continue;
            }

            sb.Append(rune.ToString());
        }

        var text = sb.ToString().Trim();
        if (text.Length == 0 || text.Contains("://", StringComparison.Ordinal))
        {
            text = "source";
        }

        return Truncate(text, 100);
    }
}
