using System.Numerics.Tensors;
using KzBot.Core.Retrieval;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>
/// BM25 and vector search fused by reciprocal rank. The question is embedded only when the lexical evidence is
/// not already decisive, so most questions worded like the sources never wait for the model, and a CLI process
/// answering one of them never loads it.
/// </summary>
public sealed class HybridRetriever(
    LexicalRetriever lexical,
    ICorpusStore store,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    VectorIndex vectors,
    SentenceVectors sentenceVectors,
    IOptions<EmbeddingOptions> options,
    TimeProvider time,
    ILogger<HybridRetriever> logger) : IRetriever
{
    // Sentences of this many of the best fused passages are compared with the question. Their vectors are
    // stored at indexing; one that is not costs a model run on the request path, which this bounds.
    private const int SentencePassages = 2;

    // After the embedding service fails, questions skip it for this long instead of each waiting for its
    // timeout; the background embedding retries on its own schedule.
    private static readonly TimeSpan SemanticPause = TimeSpan.FromSeconds(30);

    private long _semanticPausedUntil = long.MinValue;

    public async Task<RetrievalResult> RetrieveAsync(string query, int top, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var lex = await lexical.SearchAsync(query, cancellationToken);
        if (lex.Terms.Count == 0)
        {
            return RetrievalResult.Empty(query);
        }

        var lexicalBest = lex.Ranked.Count > 0 ? lex.Ranked[0] : default;
        var features = lex.Ranked.Count > 0 ? LexicalRetriever.Features(query, lexicalBest.Chunk, lexicalBest.Evidence, lex.Terms) : null;
        var lexicalSufficient = features is not null && AnswerGate.Default.Accepts(features);
        if (lexicalSufficient && lexicalBest.Evidence >= o.DecisiveEvidence)
        {
            return lexical.Judge(query, lex.Ranked, lex.Terms, top);
        }

        if (time.GetUtcNow().UtcTicks < Interlocked.Read(ref _semanticPausedUntil))
        {
            return Lexical(query, lex, top);
        }

        ReadOnlyMemory<float> queryVector;
        VectorSnapshot snapshot;
        try
        {
            queryVector = (await generator.GenerateAsync([query], EmbeddingPurpose.Query(), cancellationToken))[0].Vector;
            snapshot = await vectors.GetAsync(cancellationToken);
        }
        catch (Exception ex) when (IsServiceFailure(ex, cancellationToken))
        {
            return SemanticUnavailable(query, lex, top, ex);
        }

        var vectorHits = VectorIndex.Search(snapshot, queryVector, o.VectorCandidates);
        var fused = ReciprocalRankFusion.Fuse([lex.Ranked.Select(x => x.Chunk.Key).ToList(), vectorHits.Select(h => h.ChunkKey).ToList()], o.FusionK);

        var chunks = lex.Ranked.ToDictionary(x => x.Chunk.Key, x => (x.Chunk, x.Evidence));
        var missing = vectorHits.Select(h => h.ChunkKey).Where(k => !chunks.ContainsKey(k)).ToList();
        foreach (var c in await store.GetChunksAsync(missing, cancellationToken))
        {
            chunks[c.Key] = (c, EvidenceScorer.PassageEvidence(c.Text, lex.Terms));
        }

        var ordered = fused.Where(f => chunks.ContainsKey(f.Key)).Select(f => (chunks[f.Key].Chunk, chunks[f.Key].Evidence, f.Score)).ToList();
        if (lexicalSufficient)
        {
            return new RetrievalResult(query, ordered.Take(top).Select(x => LexicalRetriever.ToPassage(x.Chunk, x.Score)).ToList(), lexicalBest.Evidence, true, lex.Terms) { Features = features };
        }

        // Not answerable on its words: try its meaning, one sentence at a time. A whole passage's vector is
        // close to every question about its subject; a sentence's is close only to questions it answers.
        NearestSentence? semantic;
        try
        {
            semantic = await NearestSentenceAsync(ordered.Take(SentencePassages).Select(x => x.Chunk).ToList(), queryVector, cancellationToken);
        }
        catch (Exception ex) when (IsServiceFailure(ex, cancellationToken))
        {
            // Sentences without stored vectors are embedded on demand, which needs the service too.
            return SemanticUnavailable(query, lex, top, ex);
        }

        logger.LogDebug("Hybrid: lexical evidence {Lexical:F2}, nearest sentence cosine {Cosine:F3}", lexicalBest.Evidence, semantic?.Similarity ?? 0);
        if (semantic is null || semantic.Similarity < o.SemanticMinSimilarity || !FitsQuestion(query, semantic, lex.Terms))
        {
            return new RetrievalResult(query, ordered.Take(top).Select(x => LexicalRetriever.ToPassage(x.Chunk, x.Score)).ToList(), lexicalBest.Evidence, false, lex.Terms) { Features = features };
        }

        // Answer with that sentence alone, and teach the composer its words: the composer scores sentences by
        // the question's words, which a paraphrase by definition does not share.
        var source = semantic.Chunk;
        var sentence = source.Text.Substring(semantic.Start, semantic.Length);
        var passage = LexicalRetriever.ToPassage(source, semantic.Similarity) with { Text = sentence, Start = source.Start + semantic.Start, End = source.Start + semantic.Start + semantic.Length };
        return new RetrievalResult(query, [passage], semantic.Similarity, true, WithSentenceWords(lex.Terms, sentence)) { Features = features, QuestionTerms = lex.Terms };
    }

    private static bool IsServiceFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or TimeoutException or System.Text.Json.JsonException;

    /// <summary>A remote embedding service that is down costs semantic recall, not the answer.</summary>
    private RetrievalResult SemanticUnavailable(string query, LexicalSearch lex, int top, Exception ex)
    {
        Interlocked.Exchange(ref _semanticPausedUntil, (time.GetUtcNow() + SemanticPause).UtcTicks);
        logger.LogWarning("Semantic retrieval unavailable, answering from BM25 only for {Pause}: {Reason}", EmbeddingProgress.Duration(SemanticPause), ex.Message);
        return Lexical(query, lex, top);
    }

    private RetrievalResult Lexical(string query, LexicalSearch lex, int top) =>
        lex.Ranked.Count == 0 ? RetrievalResult.Empty(query) with { Terms = lex.Terms } : lexical.Judge(query, lex.Ranked, lex.Terms, top);

    private async Task<NearestSentence?> NearestSentenceAsync(IReadOnlyList<StoredChunk> chunks, ReadOnlyMemory<float> query, CancellationToken cancellationToken)
    {
        NearestSentence? best = null;
        foreach (var sentence in await sentenceVectors.OfChunksAsync(chunks, cancellationToken))
        {
            if (sentence.Vector.Length != query.Length)
            {
                continue;
            }

            var similarity = TensorPrimitives.Dot(query.Span, sentence.Vector.Span);
            if (best is null || similarity > best.Similarity)
            {
                best = new NearestSentence(sentence.Chunk, sentence.Start, sentence.Length, similarity);
            }
        }

        return best;
    }

    private static bool FitsQuestion(string query, NearestSentence nearest, IReadOnlyList<WeightedTerm> terms)
    {
        var sentence = nearest.Chunk.Text.Substring(nearest.Start, nearest.Length);
        // Only the kind of answer: a paraphrase names things in other words ("Central Asian neighbours" for
        // Uzbekistan and Kazakhstan), so requiring the question's names would refuse what meaning answers.
        return AnswerFit.HasType(sentence, AnswerFit.TypeOf(query), terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal));
    }

    private static List<WeightedTerm> WithSentenceWords(IReadOnlyList<WeightedTerm> terms, string sentence)
    {
        var weight = terms.Count == 0 ? 1 : terms.Average(t => t.Weight);
        var list = terms.ToList();
        var known = terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        foreach (var w in Terms.ContentWords(sentence))
        {
            var stem = Terms.Stem(w);
            if (known.Add(stem))
            {
                list.Add(new WeightedTerm(w, stem, weight));
            }
        }

        return list;
    }

    private sealed record NearestSentence(StoredChunk Chunk, int Start, int Length, float Similarity);
}
