using KzBot.Core.Hosting;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Telegram.Tests;

/// <summary>A 401 from the Bot API means a wrong or revoked token: the bot stops and says which setting to check, instead of retrying for ever.</summary>
public sealed class TokenRejectedTests
{
    private const string Rejected = "the token was rejected — check Telegram:BotToken";

    [Fact]
    public async Task A_token_the_Bot_API_rejects_at_start_up_stops_the_bot_once_with_the_setting_to_check()
    {
        // The fake answers 401 to any token but its own, as Telegram does.
        await using var rig = await TelegramRig.StartAsync(new() { ["Telegram:BotToken"] = "7001234567:REVOKED_token_value" });

        await StoppedAsync(rig);

        Assert.Single(rig.Logs.Lines, l => l.Contains(Rejected, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains("retrying", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains("REVOKED", StringComparison.Ordinal));
        Assert.Contains("telegram", rig.Host.Services.GetRequiredService<RunningBots>().Stopped.Keys);
    }

    [Fact]
    public async Task A_token_revoked_while_polling_stops_the_bot_instead_of_polling_on()
    {
        await using var rig = await TelegramRig.StartAsync();
        await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "getUpdates"), "polling");
        rig.Api.Fault = call => call.Method == "getUpdates" ? new FakeError(401, "Unauthorized") : null;

        // Ends the poll in flight; the next one is refused.
        rig.Api.PushMessage(Tg.Private(10, "/help"));
        await StoppedAsync(rig);

        Assert.Single(rig.Logs.Lines, l => l.Contains(Rejected, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains("getUpdates failed", StringComparison.Ordinal));
        // The poll that was in flight, and the one refused: none after it.
        Assert.InRange(rig.Api.CallsTo("getUpdates").Count, 1, 2);
    }

    [Fact]
    public async Task In_webhook_mode_a_rejected_setWebhook_stops_the_bot_too()
    {
        await using var rig = await TelegramRig.StartAsync(
            new()
            {
                ["Telegram:Mode"] = "Webhook",
                ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/updates",
                ["Telegram:WebhookSecretToken"] = "s3cret-Webhook_value",
                ["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0",
            },
            beforeStart: api => api.Fault = call => call.Method == "setWebhook" ? new FakeError(401, "Unauthorized") : null);

        await StoppedAsync(rig);

        Assert.Single(rig.Logs.Lines, l => l.Contains(Rejected, StringComparison.Ordinal));
        Assert.Single(rig.Api.CallsTo("setWebhook"));
    }

    /// <summary>With its only bot stopped, the host stops itself (so serve exits instead of idling).</summary>
    private static async Task StoppedAsync(TelegramRig rig)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = rig.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
