using System.Collections.Concurrent;
using System.Globalization;
using KzBot.Core.Chat;

namespace KzBot.Discord.Gateway;

/// <summary>What operators see of the gateway: shards that stopped for good and why, and each shard's heartbeat latency.</summary>
public sealed class GatewayStatus : IStatsSource
{
    private readonly ConcurrentDictionary<int, string> _fatal = new();
    private readonly ConcurrentDictionary<int, TimeSpan> _latency = new();

    public IReadOnlyDictionary<int, string> FatalErrors => _fatal;

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

    internal void ReportLatency(int shardId, TimeSpan latency) => _latency[shardId] = latency;
}
