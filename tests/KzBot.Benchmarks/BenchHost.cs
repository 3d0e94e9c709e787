using KzBot.Core.Ingestion;
using KzBot.Embeddings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Benchmarks;

/// <summary>KzBot's real host over a benchmark store and source folder.</summary>
public static class BenchHost
{
    public static IHost Build(string db, string sources, string embeddings) =>
        KzBotHost.CreateBuilder(
            [],
            new Dictionary<string, string?>
            {
                ["Storage:Path"] = db,
                ["Sources:Folders:0"] = sources,
                ["Retrieval:Embeddings"] = embeddings,
                ["RateLimits:QuestionsPerWindow"] = "0",
            },
            quiet: true).Build();

    /// <summary>Reloads and waits for the background embedding pass the reload starts, so timings include it.</summary>
    public static async Task<IndexReport> ReloadAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<DataIngestor>().ReloadAsync(CancellationToken.None);
        if (host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value.Embeddings != EmbeddingMode.None)
        {
            var status = await host.Services.GetRequiredService<EmbeddingBackfill>().WhenSettledAsync(CancellationToken.None);
            if (status.State != EmbeddingState.Idle)
            {
                throw new InvalidOperationException("Embedding failed: " + status.Reason);
            }
        }

        return report;
    }
}
