using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KzBot.Core.Answering;
using KzBot.Core.Retrieval;
using KzBot.Core.Text;

namespace KzBot.Llm;

/// <summary>
/// Checks a model's <c>[n]</c> markers against the passages it was sent. Numbers that point at no passage are
/// removed; the sources listed are exactly the passages still cited, renumbered in order of first use; each
/// source quotes the sentence of its passage that best matches the answer sentences citing it, so quotes stay
/// exact spans of the indexed text.
/// </summary>
public static partial class CitationVerifier
{
    public static VerifiedAnswer Verify(string modelText, IReadOnlyList<RetrievedPassage> sent)
    {
        var renumber = new Dictionary<int, int>();
        var citingText = new Dictionary<int, StringBuilder>();
        var invalid = 0;

        var text = Marker().Replace(modelText, m =>
        {
            var kept = new List<int>();
            foreach (var part in m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > sent.Count)
                {
                    invalid++;
                    continue;
                }

                if (!renumber.TryGetValue(n, out var mapped))
                {
                    mapped = renumber[n] = renumber.Count + 1;
                    citingText[n] = new StringBuilder();
                }

                citingText[n].Append(SentenceBefore(modelText, m.Index)).Append(' ');
                if (!kept.Contains(mapped))
                {
                    kept.Add(mapped);
                }
            }

            return string.Concat(kept.Select(k => $"[{k.ToString(CultureInfo.InvariantCulture)}]"));
        });

        text = Tidy(text);
        var citations = renumber
            .OrderBy(kv => kv.Value)
            .Select(kv => Cite(kv.Value, sent[kv.Key - 1], citingText[kv.Key].ToString()))
            .ToList();
        return new VerifiedAnswer(text, citations, invalid);
    }

    /// <summary>The passage sentence sharing most words with what the answer says about it.</summary>
    private static Citation Cite(int n, RetrievedPassage p, string claim)
    {
        var claimStems = Terms.Stems(claim);
        (int Start, int Length) best = (0, p.Text.Length);
        var bestScore = -1;
        foreach (var span in SentenceSplitter.Split(p.Text))
        {
            var score = Terms.Stems(p.Text.Substring(span.Start, span.Length)).Count(claimStems.Contains);
            if (score > bestScore)
            {
                best = span;
                bestScore = score;
            }
        }

        var start = best.Start;
        var end = best.Start + best.Length;
        return new Citation(
            n,
            p.DocumentId,
            p.Title,
            QuoteLocation.Narrow(p.Source, p.Text, start, end),
            p.Text[start..end],
            p.ChunkId,
            p.Start + start,
            p.Start + end,
            p.Url);
    }

    private static string SentenceBefore(string text, int index)
    {
        var from = text.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(0, index - 1));
        return text[(from + 1)..index];
    }

    // A marker left empty leaves " ." or a double space behind.
    private static string Tidy(string text) => SpaceBeforePunctuation().Replace(DoubleSpace().Replace(text, " "), "$1").Trim();

    [GeneratedRegex(@"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex DoubleSpace();

    [GeneratedRegex(@"[ \t]+([.,;:!?])")]
    private static partial Regex SpaceBeforePunctuation();
}

/// <param name="Text">The answer with only valid markers, renumbered.</param>
/// <param name="Citations">Exactly the cited passages, in order of first use.</param>
/// <param name="RemovedMarkers">How many numbers pointed at no passage.</param>
public sealed record VerifiedAnswer(string Text, IReadOnlyList<Citation> Citations, int RemovedMarkers);
