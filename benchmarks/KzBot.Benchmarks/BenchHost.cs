using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    public static Task<IndexReport> ReloadAsync(IHost host) => host.Services.GetRequiredService<DataIngestor>().ReloadAsync(CancellationToken.None);
}
