using KzBot.Core.Coordination;
using Microsoft.Extensions.Logging;

namespace KzBot.Discord.Gateway;

/// <summary>
/// Paces IDENTIFY across the shards of this process: one per rate-limit key (shard id mod max_concurrency) per 5 s,
/// and none at all while the daily session-start budget is used up — going over it resets the bot token. With
/// replicas on one database the 5 s slots are taken from <see cref="ISharedTurns"/>, so they hold across processes.
/// </summary>
internal sealed class IdentifyGate(GatewayInfoProvider gatewayInfo, TimeProvider time, ILogger<IdentifyGate> logger, ISharedTurns? sharedTurns = null)
{
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(5);

    private readonly Dictionary<int, (SemaphoreSlim Gate, DateTimeOffset Last)> _keys = [];
    private readonly Lock _lock = new();
    private int? _remaining;

    public async Task WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        var info = await gatewayInfo.GetAsync(refresh: false, cancellationToken);
        var limit = info.SessionStartLimit;
        var key = shardId % Math.Max(1, limit?.MaxConcurrency ?? 1);
        SemaphoreSlim gate;
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var entry))
            {
                entry = (new SemaphoreSlim(1, 1), DateTimeOffset.MinValue);
                _keys[key] = entry;
            }

            gate = entry.Gate;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            await WaitForBudgetAsync(limit, cancellationToken);
            DateTimeOffset last;
            lock (_lock)
            {
                last = _keys[key].Last;
            }

            var wait = sharedTurns is not null
                ? await sharedTurns.ReserveAsync("discord-identify:" + key.ToString(System.Globalization.CultureInfo.InvariantCulture), Spacing, cancellationToken)
                : last == DateTimeOffset.MinValue ? TimeSpan.Zero : last + Spacing - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            lock (_lock)
            {
                _keys[key] = (gate, time.GetUtcNow());
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task WaitForBudgetAsync(Models.SessionStartLimit? limit, CancellationToken cancellationToken)
    {
        if (limit is null)
        {
            return;
        }

        lock (_lock)
        {
            _remaining ??= limit.Remaining;
            if (_remaining > 0)
            {
                _remaining--;
                return;
            }
        }

        var resetAfter = TimeSpan.FromMilliseconds(Math.Max(limit.ResetAfter, 5_000));
        logger.LogWarning("Discord's session-start budget is used up; waiting {ResetAfter} before identifying", resetAfter);
        await Task.Delay(resetAfter, time, cancellationToken);
        var fresh = await gatewayInfo.GetAsync(refresh: true, cancellationToken);
        lock (_lock)
        {
            _remaining = Math.Max(0, (fresh.SessionStartLimit?.Remaining ?? 1) - 1);
        }
    }
}
