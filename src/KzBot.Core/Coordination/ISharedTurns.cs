namespace KzBot.Core.Coordination;

/// <summary>
/// Spaces an action across every replica: each caller is given its own slot at least a spacing after the previous
/// one (Discord's identify buckets: one IDENTIFY per bucket per 5 s for the whole bot, not per process).
/// </summary>
public interface ISharedTurns
{
    /// <summary>Reserves the next slot for <paramref name="key"/>; returns how long to wait until it.</summary>
    Task<TimeSpan> ReserveAsync(string key, TimeSpan spacing, CancellationToken cancellationToken);
}
