using System.Collections.Concurrent;

namespace KzBot.Core.Hosting;

/// <summary>
/// Whether a platform's connection is up, as readiness reports it. A platform may have several parts (Discord's
/// shards); it is connected when every part is. Parts that lost their connection remember since when, so a brief
/// reconnect stays within its budget while a long outage does not.
/// </summary>
public sealed class PlatformLink(string platform, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PartState> _parts = new(StringComparer.Ordinal);

    public string Platform => platform;

    /// <summary>The part is starting and has never been connected in this process.</summary>
    public void Connecting(string part = "") => _parts.TryAdd(part, new PartState(LinkState.Connecting, time.GetUtcNow(), "starting"));

    public void Connected(string part = "") => _parts[part] = new PartState(LinkState.Connected, time.GetUtcNow(), null);

    /// <summary>The part lost its connection; the first failure's time is kept until it connects again.</summary>
    public void Disconnected(string reason, string part = "") => _parts.AddOrUpdate(
        part,
        _ => new PartState(LinkState.Connecting, time.GetUtcNow(), reason),
        (_, old) => old.State == LinkState.Connected
            ? new PartState(LinkState.Reconnecting, time.GetUtcNow(), reason)
            : old with { Reason = reason });

    /// <summary>The state of the worst part and how long it has been so.</summary>
    public LinkSnapshot Snapshot()
    {
        var now = time.GetUtcNow();
        if (_parts.IsEmpty)
        {
            return new LinkSnapshot(platform, LinkState.Connecting, TimeSpan.Zero, "not started");
        }

        var worst = _parts.Values.OrderByDescending(p => p.State).ThenBy(p => p.Since).First();
        return new LinkSnapshot(platform, worst.State, now - worst.Since, worst.Reason);
    }

    private sealed record PartState(LinkState State, DateTimeOffset Since, string? Reason);
}

/// <summary>Ordered from best to worst.</summary>
public enum LinkState
{
    Connected,
    Reconnecting,
    Connecting,
}

public sealed record LinkSnapshot(string Platform, LinkState State, TimeSpan For, string? Reason);
