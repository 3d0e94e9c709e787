using KzBot.Discord.Gateway;
using KzBot.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace KzBot.Discord.Tests;

/// <summary>The gateway's own send budget, the reconnect backoff and the daily identify budget.</summary>
public sealed class LimiterTests
{
    [Fact]
    public async Task Gateway_sends_stay_within_120_per_minute_with_room_kept_for_heartbeats()
    {
        var clock = new FakeTimeProvider();
        var limiter = new GatewaySendLimiter(clock);
        for (var i = 0; i < 110; i++)
        {
            Assert.True(limiter.WaitAsync(priority: false, CancellationToken.None).IsCompletedSuccessfully);
        }

        var ordinary = limiter.WaitAsync(priority: false, CancellationToken.None);
        Assert.False(ordinary.IsCompleted);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.WaitAsync(priority: true, CancellationToken.None).IsCompletedSuccessfully);
        }

        Assert.False(limiter.WaitAsync(priority: true, CancellationToken.None).IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(ordinary.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await ordinary.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_resets_after_success()
    {
        var backoff = ShardRunner.ReconnectBackoff();
        Assert.Equal(TimeSpan.Zero, backoff.Next());
        var waits = Enumerable.Range(0, 10).Select(_ => backoff.Next().TotalSeconds).ToList();
        Assert.InRange(waits[0], 0.5, 1);
        Assert.InRange(waits[3], 4, 8);
        Assert.All(waits, w => Assert.InRange(w, 0.5, 60));
        backoff.Reset();
        Assert.Equal(TimeSpan.Zero, backoff.Next());
    }

    [Fact]
    public async Task No_identify_while_the_daily_session_budget_is_used_up()
    {
        var server = await FakeDiscordServer.StartAsync();
        await using (server)
        {
            // The first answer says the day's budget is spent; after reset_after a fresh one has starts left.
            var calls = 0;
            server.Responder = async (r, ctx) =>
            {
                if (!r.Is("GET", "gateway/bot"))
                {
                    return false;
                }

                var remaining = Interlocked.Increment(ref calls) == 1 ? 0 : 5;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync($$$"""{"url":"{{{server.GatewayUrl}}}","shards":1,"session_start_limit":{"total":1000,"remaining":{{{remaining}}},"reset_after":60000,"max_concurrency":1}}""");
                return true;
            };
            await using var bot = await DiscordTestBot.StartAsync(fakeTime: true, server: server);
            var started = bot.Clock!.GetUtcNow();
            var connection = bot.Server.NextConnectionAsync();

            await bot.AdvanceUntilAsync(connection, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(3));
            Assert.True(bot.Clock.GetUtcNow() - started >= TimeSpan.FromSeconds(60), "identified with no session starts left");
            Assert.Equal(2, bot.Server.Requests.Count(r => r.Is("GET", "gateway/bot")));
        }
    }
}
