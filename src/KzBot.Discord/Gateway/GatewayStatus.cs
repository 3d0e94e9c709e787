using System.Collections.Concurrent;

namespace KzBot.Discord.Gateway;

/// <summary>Shards that stopped for good and why, for operators and tests.</summary>
public sealed class GatewayStatus
{
    private readonly ConcurrentDictionary<int, string> _fatal = new();

    public IReadOnlyDictionary<int, string> FatalErrors => _fatal;

    internal void ReportFatal(int shardId, string message) => _fatal[shardId] = message;
}
