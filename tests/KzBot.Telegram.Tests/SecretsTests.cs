using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace KzBot.Telegram.Tests;

public sealed class SecretsTests
{
    [Fact]
    public async Task The_token_never_appears_in_logs_even_with_http_logging_at_trace_and_api_errors()
    {
        var failures = 0;
        await using var rig = await TelegramRig.StartAsync(
            new() { ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace" },
            beforeStart: api => api.Fault = call => call.Method switch
            {
                "getMe" when Interlocked.Increment(ref failures) == 1 => new FakeError(502, "Bad Gateway"),
                "getUpdates" when Interlocked.Increment(ref failures) <= 3 => new FakeError(500, "Internal Server Error"),
                "sendMessage" when call.ParseMode is not null => new FakeError(400, "Bad Request: can't parse entities: nope"),
                _ => null,
            });
        rig.Api.PushMessage(Tg.Private(10, "Did Kazakhstan recognise Donetsk and Luhansk?"));
        await rig.Api.WaitForSentAsync(10, 2, "the plain-text answer");

        var lines = rig.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("Telegram getMe failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("getUpdates failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rejected the formatting", StringComparison.Ordinal));
        var secretHalf = FakeBotApi.Token[(FakeBotApi.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(lines, l => l.Contains(secretHalf, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_token_stops_start_up_with_a_message_that_does_not_repeat_it()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TelegramRig.StartAsync(new() { ["Telegram:BotToken"] = "not-a-token-SECRETPART" }));

        Assert.Contains("Telegram:BotToken does not look like a BotFather token", error.Message);
        Assert.DoesNotContain("SECRETPART", error.Message);
    }

    [Fact]
    public async Task Webhook_mode_without_a_secret_or_url_is_refused_at_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TelegramRig.StartAsync(new() { ["Telegram:Mode"] = "Webhook" }));

        Assert.Contains("Telegram:WebhookUrl", error.Message);
        Assert.Contains("Telegram:WebhookSecretToken", error.Message);
    }
}
