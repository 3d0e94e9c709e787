namespace KzBot.Discord.Rest;

/// <summary>One bucket's last known state from the <c>X-RateLimit-*</c> headers; one request in flight at a time.</summary>
internal sealed class RateLimitBucket
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int Remaining { get; set; } = 1;

    public DateTimeOffset ResetAt { get; set; }
}
