using System.Globalization;
using KzBot.Core.Hosting;
using KzBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace KzBot.Ops;

/// <summary>
/// Answers "can this process serve?": the store answers within its timeout, the index holds documents, and each
/// enabled platform is connected or has been reconnecting for less than its budget.
/// </summary>
public sealed class ReadinessProbe(
    ICorpusStore store,
    IEnumerable<BotPlatform> platforms,
    IEnumerable<PlatformLink> links,
    RunningBots bots,
    IOptions<OpsOptions> options)
{
    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new List<ReadinessCheck>();
        checks.AddRange(await CheckStoreAsync(cancellationToken));
        var linkByPlatform = links.ToDictionary(l => l.Platform, StringComparer.Ordinal);
        foreach (var platform in platforms.Where(p => p.Enabled))
        {
            checks.Add(CheckPlatform(platform.Name, linkByPlatform.GetValueOrDefault(platform.Name)));
        }

        return new ReadinessReport(checks.All(c => c.Ok), checks);
    }

    private async Task<ReadinessCheck[]> CheckStoreAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.StoreTimeout);
        int documents;
        try
        {
            documents = (await store.ListDocumentsAsync(timeout.Token)).Count;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? "no answer within " + options.Value.StoreTimeout : ex.GetType().Name;
            return [new ReadinessCheck("store", false, "unreachable", why), new ReadinessCheck("index", false, "unknown")];
        }

        return
        [
            new ReadinessCheck("store", true, "reachable"),
            documents > 0
                ? new ReadinessCheck("index", true, "loaded", string.Create(CultureInfo.InvariantCulture, $"{documents} documents"))
                : new ReadinessCheck("index", false, "empty", "no document is indexed"),
        ];
    }

    private ReadinessCheck CheckPlatform(string name, PlatformLink? link)
    {
        if (bots.Stopped.TryGetValue(name, out var reason))
        {
            return new ReadinessCheck(name, false, "stopped", reason);
        }

        if (link is null)
        {
            return new ReadinessCheck(name, true, "running");
        }

        var snapshot = link.Snapshot();
        var budget = options.Value.ReconnectBudget;
        var seconds = string.Create(CultureInfo.InvariantCulture, $"{snapshot.For.TotalSeconds:F0} s");
        return snapshot.State switch
        {
            LinkState.Connected => new ReadinessCheck(name, true, "connected"),
            LinkState.Reconnecting when snapshot.For <= budget => new ReadinessCheck(name, true, "reconnecting", $"for {seconds} ({snapshot.Reason})"),
            LinkState.Reconnecting => new ReadinessCheck(name, false, "disconnected", $"reconnecting for {seconds}, over the {budget} budget ({snapshot.Reason})"),
            _ => new ReadinessCheck(name, false, "connecting", $"not connected yet ({snapshot.Reason})"),
        };
    }
}
