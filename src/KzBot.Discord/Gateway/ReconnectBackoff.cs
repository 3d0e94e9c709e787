namespace KzBot.Discord.Gateway;

/// <summary>Exponential backoff with jitter between failed connects: none for the first retry, then 1, 2, 4… up to 60 s.</summary>
internal sealed class ReconnectBackoff
{
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);
    private int _failures;

    public void Reset() => _failures = 0;

    public TimeSpan Next()
    {
        var failures = _failures++;
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }

        var seconds = Math.Min(Max.TotalSeconds, Math.Pow(2, failures - 1));
        // Jitter spreads the reconnects of many shards/processes after one outage.
        return TimeSpan.FromSeconds(seconds * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
