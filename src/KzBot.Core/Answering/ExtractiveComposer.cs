using System.Text;
using KzBot.Core.Languages;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Answering;

/// <summary>
/// The default, offline composer: picks the sentences that best answer the question from the top passages and
/// cites each one. Every quote is an exact span of an indexed document, so nothing is ever paraphrased wrongly.
/// </summary>
public sealed class ExtractiveComposer(ICorpusStore store, IOptions<AnsweringOptions> options) : IAnswerComposer
{
    private const int PassagesConsidered = 4;
    private const int MaxAnswerWords = 140;
    private const double CompanionShare = 0.6;
    private const int ClosestSentences = 2;
    private const double ClosestMinCoverage = 0.25;

    private static readonly string[] DanglingStarts =
        ["he ", "she ", "it ", "they ", "this ", "these ", "that ", "those ", "his ", "her ", "its ", "their ", "both "];

    public async Task<Answer> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken)
    {
        var retrieval = request.Retrieval;
        var candidates = Candidates(retrieval);
        if (!retrieval.IsSufficient || candidates.Count == 0 || candidates[0].Coverage <= 0)
        {
            var closest = Closest(OnQuestionTopic(candidates, retrieval.Terms));
            if (closest.Count == 0)
            {
                return await RefuseAsync(request, cancellationToken);
            }

            var (quoted, sources) = Cite(closest);
            var text = "My sources don't answer that directly. The closest they come: " + quoted;
            return new Answer(request.AnswerId, request.Question, text, true, [], [], LanguageNotices.EnglishOnly(request.Language), sources);
        }

        var (answerText, citations) = Cite(Choose(OnQuestionTopic(candidates, retrieval.Terms)));
        return new Answer(request.AnswerId, request.Question, answerText, false, citations, [], LanguageNotices.EnglishOnly(request.Language));
    }

    // Related but not an answer: the one or two sentences sharing most of the question's own distinctive words,
    // so the user can judge. A sentence that shares only the topic's name, or only related words, is not related.
    private static List<Candidate> Closest(List<Candidate> candidates)
    {
        var chosen = new List<Candidate>();
        foreach (var c in candidates.Where(c => c.Distinctive && c.Coverage >= ClosestMinCoverage))
        {
            if (chosen.Count == ClosestSentences)
            {
                break;
            }

            if (!chosen.Any(x => x.Passage.ChunkId == c.Passage.ChunkId && x.Start < c.End && c.Start < x.End))
            {
                chosen.Add(c);
            }
        }

        return chosen;
    }

    /// <summary>The picked sentences in document order, each followed by its [n] marker, and their citations.</summary>
    private static (string Text, List<Citation> Citations) Cite(IEnumerable<Candidate> picks)
    {
        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var pick in picks.OrderBy(c => c.Passage.DocumentId, StringComparer.Ordinal).ThenBy(c => c.Passage.Start + c.Start))
        {
            var n = citations.Count + 1;
            var quote = pick.Passage.Text[pick.Start..pick.End];
            citations.Add(new Citation(
                n,
                pick.Passage.DocumentId,
                pick.Passage.Title,
                QuoteLocation.Narrow(pick.Passage.Source, pick.Passage.Text, pick.Start, pick.End),
                quote,
                pick.Passage.ChunkId,
                pick.Passage.Start + pick.Start,
                pick.Passage.Start + pick.End,
                pick.Passage.Url));
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(TextDecodingHelpers.OneLine(quote)).Append(" [").Append(n).Append(']');
        }

        return (text.ToString(), citations);
    }

    private List<Candidate> Candidates(RetrievalResult retrieval)
    {
        var list = new List<Candidate>();
        foreach (var (passage, rank) in retrieval.Passages.Take(PassagesConsidered).Select((p, i) => (p, i)))
        {
            var spans = SentenceSplitter.Split(passage.Text);
            for (var i = 0; i < spans.Count; i++)
            {
                var (start, length) = spans[i];
                var sentence = passage.Text.Substring(start, length);
                var stems = Terms.Stems(sentence);
                var coverage = EvidenceScorer.Coverage(stems, retrieval.Terms);
                var end = start + length;

                // A sentence that leans on the one before ("They returned…") is quoted together with it.
                if (i > 0 && StartsDangling(sentence))
                {
                    start = spans[i - 1].Start;
                    stems.UnionWith(Terms.Stems(passage.Text[start..end]));
                }

                var words = passage.Text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                var distinctive = retrieval.Terms.Any(t => !t.IsTopic && stems.Contains(t.Stem));
                list.Add(new Candidate(passage, start, end, coverage - (0.02 * rank), coverage, stems, words, distinctive));
            }
        }

        return list.OrderByDescending(c => c.Score).ToList();
    }

    // The gate judged the passages that mention the question's topic ("Kazakhstan", "Russia"); a sentence from
    // an unrelated article that happens to share the other words ("2,000 troops were sent in January") must
    // not become the answer.
    private List<Candidate> OnQuestionTopic(List<Candidate> candidates, IReadOnlyList<WeightedTerm> terms)
    {
        var passagesOnTopic = candidates.Select(c => c.Passage).Distinct()
            .Where(p => EvidenceScorer.MentionsQuestionTopic(p.Title + "\n" + p.Text, terms))
            .ToHashSet();
        var onTopic = candidates.Where(c => passagesOnTopic.Contains(c.Passage)).ToList();

        return onTopic.Count > 0 ? onTopic : candidates;
    }

    private List<Candidate> Choose(List<Candidate> candidates)
    {
        var max = options.Value.MaxSentences;
        var best = candidates[0];
        var chosen = new List<Candidate> { best };
        var words = best.Words;
        foreach (var c in candidates.Skip(1))
        {
            if (chosen.Count >= max || c.Coverage < CompanionShare * best.Coverage || words + c.Words > MaxAnswerWords)
            {
                continue;
            }

            if (chosen.Any(x => x.Passage.ChunkId == c.Passage.ChunkId && x.Start < c.End && c.Start < x.End))
            {
                continue;
            }

            // Another document's sentence joins only when it is nearly as strong on its own: with unrelated
            // documents indexed (news archives), weak companions pulled in off-topic sentences that share a word.
            if (c.Passage.DocumentId != best.Passage.DocumentId && c.Coverage < 0.9 * best.Coverage)
            {
                continue;
            }

            // A companion sentence must add something: a query word the chosen ones lack, or be nearly as strong.
            var covered = chosen.SelectMany(x => x.Stems).ToHashSet(StringComparer.Ordinal);
            var addsTerm = c.Stems.Except(covered).Any();
            if (!addsTerm && c.Coverage < 0.9 * best.Coverage)
            {
                continue;
            }

            chosen.Add(c);
            words += c.Words;
        }

        return chosen;
    }

    private async Task<Answer> RefuseAsync(ComposeRequest request, CancellationToken cancellationToken)
    {
        // A count and three titles, not the whole document list, so a refusal stays as quick as an answer however large the corpus.
        var documents = await store.GetDocumentSummaryAsync(3, cancellationToken);
        var text = new StringBuilder("I can't answer that from my sources, so I won't guess.");
        if (documents.Count > 0)
        {
            var titles = documents.SampleTitles.Select(t => $"“{t}”").ToList();
            text.Append(" They cover ").Append(string.Join(", ", titles));
            if (documents.Count > 3)
            {
                text.Append(" and ").Append(documents.Count - 3).Append(" more (see /sources)");
            }

            text.Append('.');
        }
        else
        {
            text.Append(" No sources are indexed yet.");
        }

        return Answer.Refusal(request.AnswerId, request.Question, text.ToString(), note: LanguageNotices.EnglishOnly(request.Language));
    }

    private static bool StartsDangling(string sentence) =>
        DanglingStarts.Any(p => sentence.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    private sealed record Candidate(RetrievedPassage Passage, int Start, int End, double Score, double Coverage, HashSet<string> Stems, int Words, bool Distinctive);
}

internal static class TextDecodingHelpers
{
    public static string OneLine(string s) => Ingestion.TextDecoding.CollapseWhitespace(s);
}
