using KzBot.Core.Hosting;
using KzBot.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Discord.Tests;

/// <summary>A rejected token stops the Discord bot with the setting to check; with no bot left, the host stops too.</summary>
public sealed class TokenRejectedTests
{
    private const string Rejected = "the token was rejected";

    [Fact]
    public async Task A_401_from_the_gateway_lookup_stops_the_bot_with_the_setting_to_check_and_no_retry()
    {
        var server = await FakeDiscordServer.StartAsync();
        await using (server)
        {
            server.Responder = async (r, ctx) =>
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync("""{"message":"401: Unauthorized","code":0}""");
                return true;
            };
            await using var bot = await DiscordTestBot.StartAsync(server: server);

            await StoppedAsync(bot);

            Assert.Single(bot.Server.Requests, r => r.Is("GET", "gateway/bot"));
            Assert.Equal(0, bot.Server.ConnectionCount);
            var critical = bot.Logs.GetSnapshot().Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Critical).Select(l => l.Message).ToList();
            Assert.Contains(critical, m => m.Contains(Rejected, StringComparison.Ordinal) && m.Contains("check Discord:BotToken", StringComparison.Ordinal));
            Assert.Contains("discord", bot.Services.GetRequiredService<RunningBots>().Stopped.Keys);
        }
    }

    [Fact]
    public async Task A_gateway_close_4004_stops_the_bot_and_with_no_bot_left_the_host()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        await bot.ConnectAsync();

        await bot.Gateway.CloseAsync(4004);
        await StoppedAsync(bot);

        var stopped = bot.Services.GetRequiredService<RunningBots>();
        Assert.False(stopped.AnyRunning);
        Assert.Contains("check Discord:BotToken", stopped.Stopped["discord"], StringComparison.Ordinal);
        Assert.Equal(1, bot.Server.ConnectionCount);
    }

    private static async Task StoppedAsync(DiscordTestBot bot)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
