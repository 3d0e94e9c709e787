namespace KzBot.Discord.Rest;

/// <summary>Discord's per-bot global limit: at most N requests in any second, and a pause after a global 429.</summary>
internal sealed class GlobalRateLimiter(int perSecond, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _pausedUntil;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= TimeSpan.FromSeconds(1))
                {
                    _sent.Dequeue();
                }

                if (now < _pausedUntil)
                {
                    wait = _pausedUntil - now;
                }
                else if (_sent.Count < perSecond)
                {
                    _sent.Enqueue(now);
                    return;
                }
                else
                {
                    wait = _sent.Peek() + TimeSpan.FromSeconds(1) - now;
                }
            }

            await Task.Delay(wait, time, cancellationToken);
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
}
