using System.Globalization;
using System.Text;
using KzBot.Core.Text;

namespace KzBot.Core.Ingestion;

/// <summary>
/// Lays the cleaned blocks out as one document text (paragraphs separated by blank lines) and cuts it into
/// passages of whole sentences, at most <see cref="MaxWords"/> words each, with exact spans into that text.
/// </summary>
public static class DocumentChunker
{
    public const int MaxWords = 200;

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
            foreach (var (start, length) in SentenceSplitter.Split(blockText))
            {
                sentences.Add(new Sentence(blockStart + start, blockStart + start + length, CountWords(blockText.AsSpan(start, length)), b + 1, blocks[b].Page));
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
            while (j < sentences.Count && words + sentences[j].Words <= MaxWords)
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
