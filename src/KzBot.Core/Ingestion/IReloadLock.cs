namespace KzBot.Core.Ingestion;

/// <summary>
/// One reload at a time over the store, however many processes share it. It is taken without waiting: a second
/// reload is told who runs the first instead of queueing behind it (and then re-reading what the first just
/// indexed) or racing it.
/// </summary>
public interface IReloadLock
{
    /// <summary>The lock, held until the lease is disposed; or no lease and who holds the lock now.</summary>
    Task<ReloadLockAttempt> TryAcquireAsync(ReloadHolder holder, CancellationToken cancellationToken);
}

/// <summary>Who started a reload and when (null when the holder could not say yet).</summary>
public sealed record ReloadHolder(string StartedBy, DateTimeOffset? StartedAt);

/// <summary>Either <paramref name="Lease"/> (the lock is ours) or <paramref name="Running"/> (someone else's reload).</summary>
public sealed record ReloadLockAttempt(IAsyncDisposable? Lease, ReloadHolder? Running);

/// <summary>A reload was asked for while another one ran; nothing was read or changed.</summary>
public sealed class ReloadAlreadyRunningException(ReloadHolder running) : InvalidOperationException(Describe(running))
{
    public ReloadHolder Running { get; } = running;

    private static string Describe(ReloadHolder running)
    {
        var at = running.StartedAt is { } t ? FormattableString.Invariant($" at {t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC") : "";
        return $"A reload is already running (started by {running.StartedBy}{at}); try again when it has finished.";
    }
}
