using System.Globalization;
using System.Text;
using KzBot.Core.Text;

namespace KzBot.Core.Ingestion;

/// <summary>
/// Lays the cleaned blocks out as one document text (paragraphs separated by blank lines) and cuts it into
/// passages of whole sentences, at most <see cref="MaxWords"/> words and <see cref="MaxChars"/> characters each,
/// with exact spans into that text. A sentence over either bound is cut at clause or word boundaries first.
/// </summary>
public static class DocumentChunker
{
    public const int MaxWords = 200;

    /// <summary>Hard bound on a passage, and so on any quote taken from one: an unpunctuated page is not one sentence.</summary>
    public const int MaxChars = 1500;

    public static (string Text, List<IngestedChunk> Chunks) Build(string documentId, IReadOnlyList<ExtractedBlock> blocks)
    {
        var sb = new StringBuilder();
        var sentences = new List<Sentence>();
        for (var b = 0; b < blocks.Count; b++)
        {
            if (b > 0)
            {
                sb.Append("\n\n");
            }

            var blockStart = sb.Length;
            var blockText = blocks[b].Text;
            sb.Append(blockText);
            foreach (var (sentenceStart, sentenceLength) in SentenceSplitter.Split(blockText))
            {
                foreach (var (start, length) in Bounded(blockText, sentenceStart, sentenceLength))
                {
                    sentences.Add(new Sentence(blockStart + start, blockStart + start + length, CountWords(blockText.AsSpan(start, length)), b + 1, blocks[b].Page));
                }
            }
        }

        var text = sb.ToString();
        var chunks = new List<IngestedChunk>();
        var i = 0;
        while (i < sentences.Count)
        {
            var first = sentences[i];
            var words = first.Words;
            var j = i + 1;
            while (j < sentences.Count && words + sentences[j].Words <= MaxWords && sentences[j].End - first.Start <= MaxChars)
            {
                words += sentences[j].Words;
                j++;
            }

            var last = sentences[j - 1];
            var chunkText = text[first.Start..last.End];
            var ordinal = chunks.Count;
            chunks.Add(new IngestedChunk(
                $"{documentId}-{ordinal:D4}",
                ordinal,
                Location(first, last),
                chunkText,
                first.Start,
                last.End,
                ContentHash.Of(chunkText)));
            i = j;
        }

        return (text, chunks);
    }

    /// <summary>
    /// Cuts an over-long sentence into pieces within both bounds: after the last clause mark (, ; : or a dash)
    /// in the second half of the allowance, else at the last space, else (one enormous token) at the bound itself.
    /// </summary>
    private static IEnumerable<(int Start, int Length)> Bounded(string text, int start, int length)
    {
        var end = start + length;
        while (start < end)
        {
            var limit = LimitOf(text, start, end);
            if (limit >= end)
            {
                yield return (start, end - start);
                yield break;
            }

            var cut = LastBreak(text, start, limit);
            if (char.IsLowSurrogate(text[cut]))
            {
                cut--;
            }

            var pieceEnd = cut;
            while (pieceEnd > start && char.IsWhiteSpace(text[pieceEnd - 1]))
            {
                pieceEnd--;
            }

            yield return (start, pieceEnd - start);
            start = cut;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }
    }

    /// <summary>The furthest end from <paramref name="start"/> that keeps a piece within both bounds.</summary>
    private static int LimitOf(string text, int start, int end)
    {
        var limit = Math.Min(end, start + MaxChars);
        var words = 0;
        var inWord = false;
        for (var i = start; i < limit; i++)
        {
            var w = !char.IsWhiteSpace(text[i]);
            if (w && !inWord && ++words > MaxWords)
            {
                return i;
            }

            inWord = w;
        }

        return limit;
    }

    private static int LastBreak(string text, int start, int limit)
    {
        var half = start + ((limit - start) / 2);
        for (var i = limit - 1; i > half; i--)
        {
            if (text[i] is ',' or ';' or ':' or '—' or '–' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))
            {
                return i + 1;
            }
        }

        for (var i = limit; i > start; i--)
        {
            if (char.IsWhiteSpace(text[i - 1]))
            {
                return i;
            }
        }

        return limit;
    }

    private static string Location(Sentence first, Sentence last)
    {
        var ci = CultureInfo.InvariantCulture;
        if (first.Page is int p1 && last.Page is int p2)
        {
            return p1 == p2 ? string.Create(ci, $"p. {p1}") : string.Create(ci, $"pp. {p1}–{p2}");
        }

        return first.Paragraph == last.Paragraph
            ? string.Create(ci, $"¶{first.Paragraph}")
            : string.Create(ci, $"¶{first.Paragraph}–{last.Paragraph}");
    }

    private static int CountWords(ReadOnlySpan<char> s)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in s)
        {
            var w = !char.IsWhiteSpace(c);
            if (w && !inWord)
            {
                count++;
            }

            inWord = w;
        }

        return count;
    }

    private readonly record struct Sentence(int Start, int End, int Words, int Paragraph, int? Page);
}
