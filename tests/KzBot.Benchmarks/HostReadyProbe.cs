using System.Diagnostics;
using KzBot.Core.Chat;
using KzBot.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Benchmarks;

/// <summary>
/// Starts a host on an existing store the way `serve` does (check sources for changes, start the workers) in a
/// fresh process, and reports the time from process start to ready, to warm (model and vectors loaded), and RSS.
/// </summary>
public static class HostReadyProbe
{
    public static async Task<int> RunAsync(string db, string sources)
    {
        var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        using var host = BenchHost.Build(db, sources, "Local");
        var built = DateTime.UtcNow - processStart;
        var report = await BenchHost.ReloadAsync(host);
        var reloaded = DateTime.UtcNow - processStart;
        await host.StartAsync();
        var ready = DateTime.UtcNow - processStart;

        // What the warm-up service does in the background, awaited here to time it.
        await host.Services.GetRequiredService<VectorIndex>().GetAsync(CancellationToken.None);
        await host.Services.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>()
            .GenerateAsync(["warm"], null, CancellationToken.None);
        var warm = DateTime.UtcNow - processStart;
        var reply = await host.Services.GetRequiredService<ChatEngine>().HandleAsync(
            new IncomingMessage { Platform = "bench", ChatId = "c", UserId = "u", IsDirect = true, Text = "Did Kazakhstan recognise Donetsk and Luhansk?" },
            CancellationToken.None);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(FormattableString.Invariant($"built_s={built.TotalSeconds:F2} reload_s={report.Elapsed.TotalSeconds:F2} reload_and_embedding_check_s={(reloaded - built).TotalSeconds:F2} ready_s={ready.TotalSeconds:F2} warm_s={warm.TotalSeconds:F2} rss_mib={process.WorkingSet64 / 1048576.0:F0} answered={reply.Answer is { Refused: false }}"));
        await host.StopAsync();
        return 0;
    }
}
