using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace KzBot.Embeddings;

/// <summary>
/// After a reload: drops vectors of text no passage holds any more, marks the in-memory index stale, and starts a
/// background embedding pass. When another process changed the index (<see cref="IIndexCache.Forget"/>): marks the
/// index stale and starts a pass, which waits on that process's lease and picks its vectors up as they are stored.
/// </summary>
public sealed class EmbeddingIndexListener(
    IVectorStore store,
    VectorIndex index,
    EmbeddingBackfill backfill,
    ILogger<EmbeddingIndexListener> logger) : IIndexListener, IIndexCache
{
    public void Forget()
    {
        index.Invalidate();
        backfill.ScheduleAfterChangeElsewhere();
    }

    public async Task OnReloadedAsync(IndexReport report, CancellationToken cancellationToken)
    {
        // Vectors of edited or removed text would otherwise stay in the store for ever.
        if (report.Changed.Count + report.Removed.Count > 0)
        {
            var deleted = await store.DeleteOrphanedEmbeddingsAsync(cancellationToken);
            logger.LogInformation("Deleted {Count} stored vectors of text no longer in any passage", deleted);
        }

        if (report.HasChanges)
        {
            index.Invalidate();
        }

        // Also when nothing changed: a pass that a killed process left unfinished is picked up.
        backfill.Schedule();
    }
}
