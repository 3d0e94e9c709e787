using KzBot.Core.Resilience;
using Microsoft.Extensions.Logging;

namespace KzBot.Discord.Gateway;

/// <summary>
/// Keeps one shard connected: resume on the resume URL while the session lives, identify on the cached gateway URL
/// (through the <see cref="IdentifyGate"/>) when it is gone, back off with jitter after failed connects, and stop for
/// good on the close codes that reconnecting cannot fix.
/// </summary>
internal sealed class ShardRunner(
    ShardIdentity shard,
    GatewayInfoProvider gatewayInfo,
    IdentifyGate identifyGate,
    IGatewayEventSink sink,
    GatewayStatus status,
    TimeProvider time,
    ILogger logger)
{
    private readonly GatewaySession _session = new();
    private readonly ExponentialBackoff _backoff = ReconnectBackoff();

    /// <summary>Between failed connects: none for the first retry, then 1, 2, 4… up to 60 s, jittered.</summary>
    internal static ExponentialBackoff ReconnectBackoff() => new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), jitter: 0.5, firstRetryImmediate: true);

    public async Task RunAsync(CancellationToken stopping)
    {
        var refreshUrl = false;
        status.ReportConnecting(shard.Id);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var resume = _session.CanResume;
                GatewayConnection connection;
                try
                {
                    Uri url;
                    if (resume)
                    {
                        url = _session.ResumeUrl!;
                    }
                    else
                    {
                        await identifyGate.WaitAsync(shard.Id, stopping);
                        url = GatewayUrls.WithQuery((await gatewayInfo.GetAsync(refreshUrl, stopping)).Url);
                    }

                    connection = await GatewayConnection.ConnectAsync(url, time, stopping);
                    refreshUrl = false;
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    logger.LogWarning("Shard {Shard}: cannot connect to the gateway ({Reason})", shard.Id, ex.Message);
                    status.ReportDisconnected(shard.Id, "cannot connect");
                    if (resume)
                    {
                        // The resume URL is gone; the session may still be resumable through the main gateway URL.
                        _session.Clear();
                    }

                    refreshUrl = !resume;
                    await Task.Delay(_backoff.Next(), time, stopping);
                    continue;
                }

                ConnectionOutcome outcome;
                await using (connection)
                {
                    outcome = await new ShardConnection(connection, shard, _session, sink, status, time, logger).RunAsync(resume, stopping);
                }

                if (outcome.Shutdown)
                {
                    return;
                }

                status.ReportDisconnected(shard.Id, outcome.CloseCode is { } code ? $"closed with {code}" : "connection dropped");

                if (outcome.Action == CloseAction.Fatal)
                {
                    status.ReportFatal(shard.Id, GatewayCloseCodes.FatalMessage(outcome.CloseCode ?? 0));
                    return;
                }

                var wait = outcome.WasReady ? TimeSpan.Zero : _backoff.Next();
                if (outcome.WasReady)
                {
                    _backoff.Reset();
                }

                wait = outcome.WaitBeforeIdentify > wait ? outcome.WaitBeforeIdentify : wait;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
