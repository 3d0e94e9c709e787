using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>
/// After every reload, embeds the chunk texts that have no vector for the current model yet (keyed by content
/// hash, so unchanged text is never embedded twice), then tells the vector index to reload.
/// </summary>
public sealed class EmbeddingIndexer(
    IKnowledgeStore store,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    VectorIndex index,
    IOptions<EmbeddingOptions> options,
    ILogger<EmbeddingIndexer> logger)
{
    // Vectors are committed in groups this large, so an interrupted run keeps most of its work.
    private const int SaveEvery = 512;

    private readonly string _model = generator.ModelId();

    public void Attach(DataIngestor ingestor) => ingestor.Reloaded += OnReloadedAsync;

    /// <summary>Embeds what is missing; returns how many texts were embedded.</summary>
    public async Task<int> EmbedMissingAsync(CancellationToken cancellationToken)
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
        var toSave = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i += batchSize)
        {
            var batch = ordered.GetRange(i, Math.Min(batchSize, ordered.Count - i));
            var vectors = await generator.GenerateAsync(batch.Select(p => p.Text), null, cancellationToken);
            for (var j = 0; j < batch.Count; j++)
            {
                toSave[batch[j].TextHash] = vectors[j].Vector.ToArray();
            }

            if (toSave.Count >= SaveEvery)
            {
                await store.SaveEmbeddingsAsync(_model, toSave, cancellationToken);
                toSave.Clear();
            }
        }

        if (toSave.Count > 0)
        {
            await store.SaveEmbeddingsAsync(_model, toSave, cancellationToken);
        }

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        logger.LogInformation("Embedded {Count} chunks with {Model} in {Elapsed:F1} s ({Rate:F0}/s)", ordered.Count, _model, elapsed.TotalSeconds, ordered.Count / Math.Max(elapsed.TotalSeconds, 1e-3));
        return ordered.Count;
    }

    private async Task OnReloadedAsync(IndexReport report, CancellationToken cancellationToken)
    {
        var embedded = await EmbedMissingAsync(cancellationToken);
        if (embedded > 0 || report.HasChanges)
        {
            index.Invalidate();
        }
    }
}
