using System.Collections.Concurrent;
using KzBot.Core.Options;
using KzBot.Core.Resilience;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Chat;

/// <summary>A sliding-window limit on questions per user, so one person cannot drown the bot; kept in this process's memory.</summary>
public sealed class UserRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time) : IUserRateLimiter
{
    private readonly ConcurrentDictionary<string, UserWindow> _windows = new();
    private long _nextSweepTicks;

    /// <summary>Users currently tracked; idle users are forgotten once their window has passed.</summary>
    public int TrackedUsers => _windows.Count;

    public ValueTask<RateDecision> TryAcquireAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAcquire(key, out var retryAfter) ? RateDecision.Allow : RateDecision.Wait(retryAfter));

    public bool TryAcquire(string key, out TimeSpan retryAfter)
    {
        var limit = options.Value.QuestionsPerWindow;
        retryAfter = TimeSpan.Zero;
        if (limit <= 0)
        {
            return true;
        }

        var window = options.Value.Window;
        var now = time.GetUtcNow();
        SweepIfDue(now, window);
        while (true)
        {
            var user = _windows.GetOrAdd(key, _ => new UserWindow());
            lock (user)
            {
                // A sweep may have dropped this window between GetOrAdd and the lock; use the live one.
                if (user.Retired)
                {
                    continue;
                }

                return user.Times.TryTake(now, limit, window, out retryAfter);
            }
        }
    }

    // Without this a long-running bot keeps one entry per user it has ever seen.
    private void SweepIfDue(DateTimeOffset now, TimeSpan window)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + window).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, user) in _windows)
        {
            lock (user)
            {
                user.Times.Expire(now, window);
                if (user.Times.Count == 0)
                {
                    user.Retired = true;
                    _windows.TryRemove(new KeyValuePair<string, UserWindow>(key, user));
                }
            }
        }
    }

    private sealed class UserWindow
    {
        public SlidingWindow Times { get; } = new();

        public bool Retired { get; set; }
    }
}
