using System.Globalization;
using System.Text.RegularExpressions;

namespace KzBot.Core.Answering;

/// <summary>
/// Narrows a passage's paragraph range ("file, ¶1–7") to the paragraphs a quote actually spans ("file, ¶4"),
/// so a reader can find the quoted words. Page locations of PDFs are kept as they are.
/// </summary>
public static partial class QuoteLocation
{
    public static string Narrow(string passageSource, string passageText, int quoteStart, int quoteEnd)
    {
        var match = ParagraphRange().Match(passageSource);
        if (!match.Success)
        {
            return passageSource;
        }

        var first = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var from = first + Count(passageText.AsSpan(0, quoteStart));
        var to = from + Count(passageText.AsSpan(quoteStart, quoteEnd - quoteStart));
        var location = from == to ? string.Create(CultureInfo.InvariantCulture, $"¶{from}") : string.Create(CultureInfo.InvariantCulture, $"¶{from}–{to}");
        return string.Concat(passageSource.AsSpan(0, match.Index), location);
    }

    // Paragraphs are separated by one blank line in the document text (see DocumentChunker).
    private static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        int i;
        while ((i = text.IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
        {
            count++;
            text = text[(i + 2)..];
        }

        return count;
    }

    [GeneratedRegex(@"¶(\d+)(?:–\d+)?$")]
    private static partial Regex ParagraphRange();
}
