using KzBot.Core.Chat;
using KzBot.Core.Options;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Core.Tests;

public class UserRateLimiterTests
{
    private static (UserRateLimiter Limiter, FakeTimeProvider Clock) Create(int perWindow)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = Microsoft.Extensions.Options.Options.Create(new RateLimitOptions { QuestionsPerWindow = perWindow, Window = TimeSpan.FromMinutes(1) });
        return (new UserRateLimiter(options, clock), clock);
    }

    [Fact]
    public void A_user_over_the_limit_is_told_when_to_retry_and_others_are_unaffected()
    {
        var (limiter, clock) = Create(perWindow: 2);
        Assert.True(limiter.TryAcquire("alice", out _));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(limiter.TryAcquire("alice", out _));

        Assert.False(limiter.TryAcquire("alice", out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
        Assert.True(limiter.TryAcquire("bob", out _));

        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(limiter.TryAcquire("alice", out _));
    }

    [Fact]
    public void Users_who_went_quiet_are_forgotten_after_their_window()
    {
        var (limiter, clock) = Create(perWindow: 3);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(limiter.TryAcquire($"user-{i}", out _));
        }

        Assert.Equal(1000, limiter.TrackedUsers);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(limiter.TryAcquire("late", out _));

        Assert.Equal(1, limiter.TrackedUsers);
    }

    [Fact]
    public void A_limited_user_stays_limited_across_a_sweep()
    {
        var (limiter, clock) = Create(perWindow: 1);
        Assert.True(limiter.TryAcquire("carol", out _));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(limiter.TryAcquire("alice", out _));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(limiter.TryAcquire("bob", out _));

        Assert.Equal(2, limiter.TrackedUsers);

        Assert.False(limiter.TryAcquire("alice", out _));
    }
}
