using KzBot.Telegram.Hosting;
using KzBot.Telegram.Sending;
using KzBot.Telegram.Tests.Fakes;

namespace KzBot.Telegram.Tests.Units;

public sealed class SendRateLimiterTests
{
    private readonly WatchedClock _clock = new();

    [Fact]
    public void One_chat_gets_one_message_per_second()
    {
        var limiter = Limiter();

        Assert.Equal([0.0, 1.0, 2.0], [.. Enumerable.Range(0, 3).Select(_ => limiter.Reserve(1).TotalSeconds)]);

        // Another chat is not held up by the first chat's pace, only spaced by the overall limit (1/25 s).
        Assert.Equal(TimeSpan.FromMilliseconds(40), limiter.Reserve(2));
    }

    [Fact]
    public void No_second_holds_more_than_the_overall_limit_and_nothing_is_refused()
    {
        var limiter = Limiter();

        var waits = Enumerable.Range(0, 60).Select(chat => limiter.Reserve(chat)).ToList();

        Assert.Equal(TimeSpan.Zero, waits[0]);
        Assert.Equal(TimeSpan.FromSeconds(1), waits[25]);
        foreach (var start in waits)
        {
            Assert.InRange(waits.Count(w => w >= start && w < start + TimeSpan.FromSeconds(1)), 1, 25);
        }
    }

    [Fact]
    public async Task A_send_waits_on_the_clock_until_its_turn()
    {
        var limiter = Limiter();
        await limiter.WaitAsync(7, CancellationToken.None);

        var second = limiter.WaitAsync(7, CancellationToken.None).AsTask();
        await _clock.WaitForWaitsAsync(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void After_a_429_the_chat_waits_retry_after()
    {
        var limiter = Limiter();
        limiter.Pause(3, TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), limiter.Reserve(3));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve(4));
    }

    [Fact]
    public void Limits_set_to_zero_never_wait()
    {
        var limiter = Limiter(perChat: 0, overall: 0);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(TimeSpan.Zero, limiter.Reserve(1)));
    }

    private SendRateLimiter Limiter(double perChat = 1, double overall = 25) =>
        new(Microsoft.Extensions.Options.Options.Create(new TelegramOptions { MessagesPerSecondPerChat = perChat, MessagesPerSecondOverall = overall }), _clock);
}
