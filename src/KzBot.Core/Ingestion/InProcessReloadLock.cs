namespace KzBot.Core.Ingestion;

/// <summary>The reload lock of a store only this process writes (SQLite): a semaphore taken without waiting.</summary>
public sealed class InProcessReloadLock : IReloadLock
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReloadHolder? _holder;

    public async Task<ReloadLockAttempt> TryAcquireAsync(ReloadHolder holder, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return new ReloadLockAttempt(null, Volatile.Read(ref _holder) ?? new ReloadHolder("another reload", null));
        }

        Volatile.Write(ref _holder, holder);
        return new ReloadLockAttempt(new Lease(this), null);
    }

    private sealed class Lease(InProcessReloadLock owner) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Volatile.Write(ref owner._holder, null);
                owner._gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
