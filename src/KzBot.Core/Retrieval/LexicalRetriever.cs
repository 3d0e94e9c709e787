using KzBot.Core.Options;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Retrieval;

/// <summary>BM25 over SQLite FTS5 for candidates, then passages re-ranked and gated by sentence-level evidence.</summary>
public sealed class LexicalRetriever(ICorpusStore store, SpellingCorrector spelling, IOptions<RetrievalOptions> options) : IRetriever
{
    // Optional: words an admin names as the topic. Without them the topic is learned from the corpus (EvidenceScorer.Weigh).
    private readonly HashSet<string> _topicHint = new(options.Value.TopicTerms, StringComparer.OrdinalIgnoreCase);

    // Related words looked up per question word before keeping those the sources contain.
    private const int RelatedCandidates = 12;

    // FTS5 scores every row that matches any OR-ed word, so one common word ("year", "government") in a large
    // corpus makes the search cost grow with the corpus. Words that frequent cannot change which passages rank
    // first, so the MATCH keeps the rarest words up to this many postings; evidence scoring still weighs every
    // word of the question.
    internal const long PostingsBudget = 6_000;

    public async Task<RetrievalResult> RetrieveAsync(string query, int top, CancellationToken cancellationToken)
    {
        var search = await SearchAsync(query, cancellationToken);
        return search.Ranked.Count == 0
            ? RetrievalResult.Empty(query) with { Terms = search.Terms }
            : Judge(query, search.Ranked, search.Terms, top);
    }

    /// <summary>BM25 candidates re-ranked by evidence, best first, with the query's weighted terms.</summary>
    public async Task<LexicalSearch> SearchAsync(string query, CancellationToken cancellationToken)
    {
        var words = Terms.ContentWords(query);
        if (words.Count == 0)
        {
            return new LexicalSearch([], []);
        }

        var stats = await store.GetTermStatisticsAsync(words, cancellationToken);
        words = await spelling.CorrectAsync(words, stats, cancellationToken);

        var related = words.ToDictionary(
            w => w,
            w => (IReadOnlyList<(string Word, Relation Relation)>)Lexicon.Default.Related(w).Where(r => !Terms.IsStopWord(r.Word)).Take(RelatedCandidates).ToList(),
            StringComparer.Ordinal);
        var counted = words.SelectMany(Lexicon.Default.Forms).Concat(related.Values.SelectMany(r => r.Select(x => x.Word)));
        stats = await store.GetTermStatisticsAsync(counted.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var terms = EvidenceScorer.Weigh(words, stats, _topicHint, related);
        var searched = words.SelectMany(Lexicon.Default.Forms).Concat(terms.SelectMany(t => t.Alternatives ?? []).Select(a => a.Word)).Distinct(StringComparer.Ordinal).ToList();
        var hits = await store.SearchLexicalAsync(Terms.ToFtsQuery(SelectiveWords(searched, stats)), options.Value.LexicalCandidates, cancellationToken);
        if (hits.Count == 0)
        {
            return new LexicalSearch(terms, []);
        }

        var chunks = await store.GetChunksAsync(hits.Select(h => h.Key).ToList(), cancellationToken);
        var rank = hits.Select((h, i) => (h.Key, i)).ToDictionary(x => x.Key, x => x.i);
        terms = AnswerFit.MarkNames(CorpusAcronyms.Expand(terms, chunks.Select(c => c.Text)), chunks.Select(c => c.Text));

        // Passages about the question's topic first: the best one decides between answering and refusing.
        var ranked = Rank(chunks, terms, rank)
            .OrderByDescending(x => EvidenceScorer.MentionsQuestionTopic(x.Chunk.Title + "\n" + x.Chunk.Text, terms))
            .ToList();
        return new LexicalSearch(terms, ranked);
    }

    /// <summary>The words worth matching: rarest first, until <see cref="PostingsBudget"/> rows would be scored.</summary>
    internal static List<string> SelectiveWords(IReadOnlyList<string> words, TermStatistics stats)
    {
        var chosen = new List<string>();
        long postings = 0;
        foreach (var w in words.OrderBy(w => stats.DocumentFrequency.GetValueOrDefault(w)))
        {
            var df = stats.DocumentFrequency.GetValueOrDefault(w);
            if (chosen.Count > 0 && postings + df > PostingsBudget)
            {
                break;
            }

            chosen.Add(w);
            postings += df;
        }

        return chosen;
    }

    /// <summary>Scores candidates by evidence, with their lexical rank as a small tie-breaker.</summary>
    public static List<(StoredChunk Chunk, double Evidence, double Score)> Rank(
        IEnumerable<StoredChunk> chunks,
        IReadOnlyList<WeightedTerm> terms,
        IReadOnlyDictionary<long, int> lexicalRank)
    {
        return chunks
            .Select(c =>
            {
                var evidence = EvidenceScorer.PassageEvidence(c.Text, terms);
                var bonus = lexicalRank.TryGetValue(c.Key, out var r) ? 0.05 / (1 + r) : 0;
                return (c, evidence, evidence + bonus);
            })
            .OrderByDescending(x => x.Item3)
            .ToList();
    }

    /// <summary>The gate's inputs for the best passage: how its best sentence covers the question, and whether it fits it.</summary>
    public static GateFeatures Features(string query, StoredChunk chunk, double evidence, IReadOnlyList<WeightedTerm> terms)
    {
        var span = EvidenceScorer.BestSpan(chunk.Text, terms);
        var own = terms.Select(t => t with { Alternatives = null }).ToList();
        var distinctive = terms.Where(t => !t.IsTopic && t.InSources).ToList();
        var rarest = distinctive.Count == 0 ? 0 : distinctive.Max(t => t.Weight);
        var total = terms.Sum(t => t.Weight);
        return new GateFeatures(
            evidence,
            Math.Max(0, EvidenceScorer.Coverage(span.Stems, terms) - EvidenceScorer.Coverage(span.Stems, own)),
            distinctive.Count == 0 ? 1 : distinctive.Count(t => t.Match(span.Stems) > 0) / (double)distinctive.Count,
            distinctive.Count == 0 || distinctive.Any(t => t.Weight >= rarest - 1e-9 && t.Match(span.Stems) > 0),
            EvidenceScorer.CoversDistinctiveWords(span.Stems, terms),
            terms.Where(t => t.IsName).All(n => n.Match(span.Stems) > 0),
            AnswerFit.Fits(span.Text, query, terms),
            EvidenceScorer.MentionsQuestionTopic(chunk.Title + "\n" + chunk.Text, terms),
            total == 0 ? 0 : terms.Where(t => !t.InSources && t.Alternatives is null).Sum(t => t.Weight) / total);
    }

    public RetrievalResult Judge(string query, IReadOnlyList<(StoredChunk Chunk, double Evidence, double Score)> scored, IReadOnlyList<WeightedTerm> terms, int top)
    {
        if (scored.Count == 0)
        {
            return RetrievalResult.Empty(query) with { Terms = terms };
        }

        var best = scored[0];
        var features = Features(query, best.Chunk, best.Evidence, terms);
        var passages = scored.Take(top).Select(x => ToPassage(x.Chunk, x.Score)).ToList();
        return new RetrievalResult(query, passages, best.Evidence, AnswerGate.Default.Accepts(features), terms) { Features = features };
    }

    public static RetrievedPassage ToPassage(StoredChunk c, double score) =>
        new(c.Id, c.DocumentId, c.Title, c.Location, c.Text, c.Start, c.End, score, c.Url);
}
