using KzBot.Core.Options;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Retrieval;

/// <summary>BM25 over SQLite FTS5 for candidates, then passages re-ranked and gated by sentence-level evidence.</summary>
public sealed class LexicalRetriever(IKnowledgeStore store, IOptions<RetrievalOptions> options) : IRetriever
{
    private readonly HashSet<string> _topicTerms = new(options.Value.TopicTerms, StringComparer.OrdinalIgnoreCase);

    public async Task<RetrievalResult> RetrieveAsync(string query, int top, CancellationToken cancellationToken)
    {
        var words = Terms.ContentWords(query);
        if (words.Count == 0)
        {
            return RetrievalResult.Empty(query);
        }

        var hits = await store.SearchLexicalAsync(Terms.ToFtsQuery(words), options.Value.LexicalCandidates, cancellationToken);
        if (hits.Count == 0)
        {
            return RetrievalResult.Empty(query) with { Terms = EvidenceScorer.Weigh(words, await store.GetTermStatisticsAsync(words, cancellationToken), _topicTerms) };
        }

        var terms = EvidenceScorer.Weigh(words, await store.GetTermStatisticsAsync(words, cancellationToken), _topicTerms);
        var chunks = await store.GetChunksAsync(hits.Select(h => h.Key).ToList(), cancellationToken);
        var rank = hits.Select((h, i) => (h.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var scored = Rank(chunks, terms, rank);
        return Judge(query, scored, terms, top);
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

    public RetrievalResult Judge(string query, IReadOnlyList<(StoredChunk Chunk, double Evidence, double Score)> scored, IReadOnlyList<WeightedTerm> terms, int top)
    {
        if (scored.Count == 0)
        {
            return RetrievalResult.Empty(query) with { Terms = terms };
        }

        var best = scored[0];
        var span = EvidenceScorer.BestSpan(best.Chunk.Text, terms);
        var sufficient = best.Evidence >= options.Value.MinEvidence && EvidenceScorer.CoversDistinctiveWords(span.Stems, terms, _topicTerms);
        var passages = scored.Take(top).Select(x => ToPassage(x.Chunk, x.Score)).ToList();
        return new RetrievalResult(query, passages, best.Evidence, sufficient, terms);
    }

    public static RetrievedPassage ToPassage(StoredChunk c, double score) =>
        new(c.Id, c.DocumentId, c.Title, c.Location, c.Text, c.Start, c.End, score, c.Url);
}
