namespace KzBot.Core.Resilience;

/// <summary>
/// Waits between failed attempts that double from <c>first</c> up to <c>max</c>. Jitter takes each wait from a random
/// share of it, so many clients that failed together do not retry together; <c>firstRetryImmediate</c> retries a
/// single failure at once, which suits connections that drop now and then.
/// </summary>
public sealed class ExponentialBackoff(TimeSpan first, TimeSpan max, double jitter = 0, bool firstRetryImmediate = false)
{
    private int _failures;

    public void Reset() => _failures = 0;

    public TimeSpan Next()
    {
        var failures = _failures++;
        if (firstRetryImmediate && failures == 0)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(firstRetryImmediate ? failures - 1 : failures, 30);
        var wait = Math.Min(max.Ticks, first.Ticks * Math.Pow(2, doublings));
        var share = jitter <= 0 ? 1 : 1 - jitter + (Random.Shared.NextDouble() * jitter);
        return TimeSpan.FromTicks((long)(wait * share));
    }
}
