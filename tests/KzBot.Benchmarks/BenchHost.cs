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
        Build(new Dictionary<string, string?> { ["Storage:Path"] = db }, sources, embeddings);

    /// <summary>The host over the store <paramref name="store"/> names (Storage:* settings: a SQLite path or a PostgreSQL connection).</summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> store, string sources, string embeddings)
    {
        var settings = new Dictionary<string, string?>(store)
        {
            ["Sources:Folders:0"] = sources,
            ["Retrieval:Embeddings"] = embeddings,
            ["RateLimits:QuestionsPerWindow"] = "0",
        };
        return KzBotHost.CreateBuilder([], settings, quiet: true).Build();
    }

    /// <summary>The topic's own documents beside the distractors, so the questions have answers to find among them.</summary>
    public static void CopySeeds(string seeds, string sources)
    {
        Directory.CreateDirectory(Path.Combine(sources, "seeds"));
        foreach (var seed in Directory.EnumerateFiles(seeds))
        {
            File.Copy(seed, Path.Combine(sources, "seeds", Path.GetFileName(seed)));
        }
    }

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
