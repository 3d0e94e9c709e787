using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

/// <summary>
/// Loads (and runs) the model and loads the vector index in the background when the bot starts, so the first
/// question that needs them does not wait for them, and starts embedding whatever a killed process left without
/// vectors. The host reports ready without waiting for this. Registered only when embeddings are on.
/// </summary>
internal sealed class EmbeddingWarmupService(
    IServiceProvider services,
    IOptions<EmbeddingOptions> options,
    ILogger<EmbeddingWarmupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: StartAsync returns before the model loads.
        await Task.Yield();
        if (services.GetService(typeof(EmbeddingBackfill)) is EmbeddingBackfill backfill)
        {
            backfill.Schedule();
        }

        try
        {
            if (options.Value.Embeddings == EmbeddingMode.Local && services.GetService(typeof(LocalEmbeddingGenerator)) is LocalEmbeddingGenerator local)
            {
                await Task.Run(local.WarmUp, stoppingToken);
            }

            if (services.GetService(typeof(VectorIndex)) is VectorIndex index)
            {
                await index.GetAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The first question that needs the model retries the load and reports the failure properly.
            logger.LogWarning("Embedding warm-up failed: {Reason}", ex.Message);
        }
    }
}
