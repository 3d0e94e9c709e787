using KzBot.Discord.Tests.Fakes;

namespace KzBot.Discord.Tests;

/// <summary>A gateway that goes quiet at Hello or READY is left and reconnected; heartbeat latency is measured and shown.</summary>
public sealed class GatewayTimeoutTests
{
    [Fact]
    public async Task A_gateway_that_accepts_the_socket_and_never_says_Hello_is_closed_and_reconnected()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        var silent = await bot.Server.NextConnectionAsync();

        var closed = await bot.AdvanceUntilAsync(silent.ClientClosed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(40));
        Assert.Equal(4000, closed);
        Assert.Contains(bot.Logs.GetSnapshot(), l => l.Message.Contains("no Hello within", StringComparison.Ordinal));

        var next = await bot.AdvanceUntilAsync(bot.Server.NextConnectionAsync(), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        await next.HelloAsync();
        await next.ExpectAsync(2);
    }

    [Fact]
    public async Task A_gateway_that_says_Hello_but_never_READY_is_closed_and_reconnected()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        var gw = await bot.Server.NextConnectionAsync();
        // Heartbeats far apart, so a missing ACK cannot be what ends the connection.
        await gw.HelloAsync(600_000);
        await gw.ExpectAsync(2);

        var closed = await bot.AdvanceUntilAsync(gw.ClientClosed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(90));
        Assert.Equal(4000, closed);
        Assert.Contains(bot.Logs.GetSnapshot(), l => l.Message.Contains("no READY within", StringComparison.Ordinal));
        await bot.AdvanceUntilAsync(bot.Server.NextConnectionAsync(), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Heartbeat_latency_is_logged_and_shown_in_stats()
    {
        await using var bot = await DiscordTestBot.StartAsync(fakeTime: true);
        await bot.ConnectAsync(40_000, autoAck: false);
        var gw = bot.Gateway;

        await bot.AdvanceUntilAsync(gw.ExpectAsync(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(41));
        bot.Clock!.Advance(TimeSpan.FromMilliseconds(150));
        await gw.SendAsync("""{"op":11,"d":null,"s":null,"t":null}""");
        await Eventually.UntilAsync(() => bot.Status.HeartbeatLatency.ContainsKey(0), "the ACK was not measured");

        Assert.Equal(TimeSpan.FromMilliseconds(150), bot.Status.HeartbeatLatency[0]);
        Assert.Contains(bot.Logs.GetSnapshot(), l => l.Message.Contains("heartbeat latency 150 ms", StringComparison.Ordinal));

        const string id = "1300000000000000630";
        await gw.DispatchAsync("INTERACTION_CREATE", Interactions.Command(id, "stats", permissions: "32"), bot.NextSeq());
        var stats = await bot.Server.WaitForRequestAsync(r => r.Is("PATCH", Interactions.Original(id)));
        Assert.Contains("Discord heartbeat: shard 0 150 ms", stats.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }
}
