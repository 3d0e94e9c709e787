using KzBot.Core.Resilience;

namespace KzBot.Discord.Rest;

/// <summary>
/// Discord's per-bot global limit (N requests per second, counted as they arrive) and the pause after a global 429.
/// A request holds its slot from admission until one second after its response: every request that reaches Discord
/// within one second then held a slot at that second's end, so no second sees more than N, however the network
/// delays or bunches them.
/// </summary>
internal sealed class GlobalRateLimiter(int perSecond, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly SlidingWindow _completed = new();
    private readonly Lock _lock = new();
    private int _inFlight;
    private DateTimeOffset _pausedUntil;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits for a slot; dispose the lease when the response has arrived.</summary>
    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan? wait;
            Task released;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                _completed.Expire(now, Window);

                if (now < _pausedUntil)
                {
                    wait = _pausedUntil - now;
                }
                else if (_inFlight + _completed.Count < perSecond)
                {
                    _inFlight++;
                    return new Lease(this);
                }
                else
                {
                    // Every slot is in flight: wait for a response, after which its slot frees one second later.
                    wait = _completed.Oldest is { } oldest ? oldest + Window - now : null;
                }

                released = _released.Task;
            }

            if (wait is { } w)
            {
                await Task.Delay(w, time, cancellationToken);
            }
            else
            {
                await released.WaitAsync(cancellationToken);
            }
        }
    }

    public void PauseFor(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private void Release()
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            _inFlight--;
            _completed.Add(time.GetUtcNow());
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.SetResult();
    }

    private sealed class Lease(GlobalRateLimiter owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
