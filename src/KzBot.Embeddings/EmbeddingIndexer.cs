using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>
/// After every reload, embeds the chunk texts that have no vector for the current model yet (keyed by content
/// hash, so unchanged text is never embedded twice), then their sentences (see <see cref="SentenceVectors"/>),
/// then tells the vector index to reload.
/// </summary>
public sealed class EmbeddingIndexer(
    IKnowledgeStore store,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    VectorIndex index,
    IOptions<EmbeddingOptions> options,
    ILogger<EmbeddingIndexer> logger)
{
    private const int SaveEvery = 512;

    // Sentences are short, so they go in larger batches, which the model runs faster per item. The character
    // budget keeps the few long "sentences" (lists, run-ons) in small batches: ONNX Runtime's arena keeps the
    // largest batch's activations for the life of the process.
    private const int SentenceBatchSize = 32;
    private const int SentenceBatchChars = 4_000;

    // Sentences of this many chunks are sorted by length together, so batches carry little padding.
    private const int ChunksPerSentenceGroup = 64;

    private readonly string _model = generator.ModelId();

    public void Attach(DataIngestor ingestor) => ingestor.Reloaded += OnReloadedAsync;

    /// <summary>Embeds what is missing; returns how many chunk texts were embedded (sentences are counted apart, in the log).</summary>
    public async Task<int> EmbedMissingAsync(CancellationToken cancellationToken)
    {
        var chunks = await EmbedMissingChunksAsync(cancellationToken);
        if (options.Value.IndexSentenceVectors)
        {
            await EmbedMissingSentencesAsync(cancellationToken);
        }

        return chunks;
    }

    private async Task<int> EmbedMissingChunksAsync(CancellationToken cancellationToken)
    {
        var pending = await store.ListChunksWithoutEmbeddingAsync(_model, cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        var started = TimeProvider.System.GetTimestamp();

        // Similar lengths in one batch waste less padding.
        var ordered = pending.OrderBy(p => p.Text.Length).ToList();
        var batchSize = options.Value.EmbeddingBatchSize;
        var saves = new GroupedSaves(store, _model);
        for (var i = 0; i < ordered.Count; i += batchSize)
        {
            var batch = ordered.GetRange(i, Math.Min(batchSize, ordered.Count - i));
            var vectors = await generator.GenerateAsync(batch.Select(p => p.Text), null, cancellationToken);
            for (var j = 0; j < batch.Count; j++)
            {
                await saves.AddAsync(batch[j].TextHash, vectors[j].Vector.ToArray(), cancellationToken);
            }
        }

        await saves.FlushAsync(cancellationToken);

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        logger.LogInformation("Embedded {Count} chunks with {Model} in {Elapsed:F1} s ({Rate:F0}/s)", ordered.Count, _model, elapsed.TotalSeconds, ordered.Count / Math.Max(elapsed.TotalSeconds, 1e-3));
        return ordered.Count;
    }

    private async Task EmbedMissingSentencesAsync(CancellationToken cancellationToken)
    {
        var key = SentenceVectors.KeyFor(_model);
        var pending = (await store.ListChunksWithoutEmbeddingAsync(key, cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        var embedded = 0;
        var saves = new GroupedSaves(store, key);
        for (var i = 0; i < pending.Count; i += ChunksPerSentenceGroup)
        {
            var group = pending.GetRange(i, Math.Min(ChunksPerSentenceGroup, pending.Count - i));
            var sentencesOf = group.Select(p => SentenceSplitter.Split(p.Text).Select(s => p.Text.Substring(s.Start, s.Length)).ToList()).ToList();
            var distinct = sentencesOf.SelectMany(s => s).Distinct(StringComparer.Ordinal).OrderBy(s => s.Length).ToList();
            var vectors = new Dictionary<string, ReadOnlyMemory<float>>(StringComparer.Ordinal);
            foreach (var batch in SentenceBatches(distinct))
            {
                var result = await generator.GenerateAsync(batch, null, cancellationToken);
                for (var k = 0; k < batch.Count; k++)
                {
                    vectors[batch[k]] = result[k].Vector;
                }
            }

            embedded += distinct.Count;
            for (var c = 0; c < group.Count; c++)
            {
                // All of a chunk's sentence vectors in one row, in splitter order; no sentences is an empty row,
                // which still marks the chunk done.
                await saves.AddAsync(group[c].TextHash, sentencesOf[c].SelectMany(s => vectors[s].ToArray()).ToArray(), cancellationToken);
            }
        }

        await saves.FlushAsync(cancellationToken);

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        logger.LogInformation("Embedded {Count} sentences of {Chunks} chunks with {Model} in {Elapsed:F1} s ({Rate:F0} sentences/s)", embedded, pending.Count, _model, elapsed.TotalSeconds, embedded / Math.Max(elapsed.TotalSeconds, 1e-3));
    }

    /// <summary>Consecutive runs of sentences (sorted by length) within both the count and the character budget.</summary>
    private static IEnumerable<List<string>> SentenceBatches(List<string> sentences)
    {
        for (var start = 0; start < sentences.Count;)
        {
            var count = 0;
            for (var chars = 0; start + count < sentences.Count && count < SentenceBatchSize && (count == 0 || chars + sentences[start + count].Length <= SentenceBatchChars); count++)
            {
                chars += sentences[start + count].Length;
            }

            yield return sentences.GetRange(start, count);
            start += count;
        }
    }

    private async Task OnReloadedAsync(IndexReport report, CancellationToken cancellationToken)
    {
        // Vectors of edited or removed text would otherwise stay in the store for ever.
        if (report.Changed.Count + report.Removed.Count > 0)
        {
            var deleted = await store.DeleteOrphanedEmbeddingsAsync(cancellationToken);
            logger.LogInformation("Deleted {Count} stored vectors of text no longer in any passage", deleted);
        }

        var embedded = await EmbedMissingAsync(cancellationToken);
        if (embedded > 0 || report.HasChanges)
        {
            index.Invalidate();
        }
    }

    /// <summary>Vectors committed every <see cref="SaveEvery"/> texts, so an interrupted run keeps most of its work.</summary>
    private sealed class GroupedSaves(IKnowledgeStore store, string model)
    {
        private readonly Dictionary<string, float[]> _pending = new(StringComparer.Ordinal);

        public async Task AddAsync(string textHash, float[] vector, CancellationToken cancellationToken)
        {
            _pending[textHash] = vector;
            if (_pending.Count >= SaveEvery)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count > 0)
            {
                await store.SaveEmbeddingsAsync(model, _pending, cancellationToken);
                _pending.Clear();
            }
        }
    }
}
