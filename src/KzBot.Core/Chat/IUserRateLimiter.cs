namespace KzBot.Core.Chat;

/// <summary>
/// The per-user question limit (<c>RateLimits</c>): at most QuestionsPerWindow questions in any Window. In one
/// process the counts live in memory (<see cref="UserRateLimiter"/>); replicas share them through their database.
/// </summary>
public interface IUserRateLimiter
{
    /// <summary>Counts a question from <paramref name="key"/> if the user's window has room; otherwise says how long to wait.</summary>
    ValueTask<RateDecision> TryAcquireAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Whether a question may go ahead, and if not, how long until it may.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateDecision Allow { get; } = new(true, TimeSpan.Zero);

    public static RateDecision Wait(TimeSpan retryAfter) => new(false, retryAfter);
}
