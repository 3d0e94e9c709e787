using KzBot.Core.Resilience;

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

    private readonly SlidingWindow _sent = new();
    private readonly Lock _lock = new();

    public async Task WaitAsync(bool priority, CancellationToken cancellationToken)
    {
        var limit = priority ? Limit : OrdinaryLimit;
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                if (_sent.TryTake(time.GetUtcNow(), limit, Window, out wait))
                {
                    return;
                }
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
