namespace KzBot.Telegram.Hosting;

/// <summary>Exponential back-off between failed calls: RetryDelay, then doubling up to RetryDelayMax.</summary>
internal sealed class RetryDelays(TimeSpan first, TimeSpan max)
{
    private int _failures;

    public TimeSpan Next()
    {
        var factor = Math.Pow(2, Math.Min(_failures++, 20));
        return TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * factor));
    }

    public void Reset() => _failures = 0;
}
