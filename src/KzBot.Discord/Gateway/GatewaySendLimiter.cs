namespace KzBot.Discord.Gateway;

/// <summary>
/// Discord allows 120 gateway payloads per connection per 60 s and disconnects (4008) above that. Ordinary sends
/// stop at 110 so heartbeats, identify and resume always have room.
/// </summary>
internal sealed class GatewaySendLimiter(TimeProvider time)
{
    public const int Limit = 120;
    public const int OrdinaryLimit = 110;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _lock = new();

    public async Task WaitAsync(bool priority, CancellationToken cancellationToken)
    {
        var limit = priority ? Limit : OrdinaryLimit;
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= Window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < limit)
                {
                    _sent.Enqueue(now);
                    return;
                }

                wait = _sent.Peek() + Window - now;
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
