using System.Collections.Concurrent;
using System.Globalization;
using KzBot.Core.Chat;
using KzBot.Core.Hosting;
using KzBot.Core.Telemetry;

namespace KzBot.Discord.Gateway;

/// <summary>
/// What operators see of the gateway: shards that stopped for good and why, each shard's heartbeat latency, and
/// whether every shard is connected (readiness).
/// </summary>
public sealed class GatewayStatus(KzBotMetrics metrics, TimeProvider time) : IStatsSource
{
    private readonly ConcurrentDictionary<int, string> _fatal = new();
    private readonly ConcurrentDictionary<int, TimeSpan> _latency = new();

    public IReadOnlyDictionary<int, string> FatalErrors => _fatal;

    /// <summary>One part per shard this process runs.</summary>
    public PlatformLink Link { get; } = new("discord", time);

    /// <summary>The time from each shard's last heartbeat to its acknowledgement.</summary>
    public IReadOnlyDictionary<int, TimeSpan> HeartbeatLatency => _latency;

    public IEnumerable<string> StatsLines()
    {
        if (_latency.IsEmpty && _fatal.IsEmpty)
        {
            yield break;
        }

        var beats = string.Join(", ", _latency.OrderBy(l => l.Key).Select(l => string.Create(CultureInfo.InvariantCulture, $"shard {l.Key} {l.Value.TotalMilliseconds:F0} ms")));
        yield return _fatal.IsEmpty
            ? $"Discord heartbeat: {beats}"
            : string.Create(CultureInfo.InvariantCulture, $"Discord heartbeat: {beats} ({_fatal.Count} shard(s) stopped)");
    }

    internal void ReportFatal(int shardId, string message) => _fatal[shardId] = message;

    internal void ReportLatency(int shardId, TimeSpan latency)
    {
        _latency[shardId] = latency;
        metrics.RecordHeartbeat(shardId, latency);
    }

    internal void ReportConnecting(int shardId) => Link.Connecting(Part(shardId));

    internal void ReportReady(int shardId) => Link.Connected(Part(shardId));

    internal void ReportDisconnected(int shardId, string reason) => Link.Disconnected(reason, Part(shardId));

    private static string Part(int shardId) => shardId.ToString(CultureInfo.InvariantCulture);
}
