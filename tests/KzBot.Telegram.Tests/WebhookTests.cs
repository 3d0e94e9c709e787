using System.Net;
using System.Text;
using KzBot.Telegram.Receiving;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

public sealed class WebhookTests
{
    private const string Secret = "s3cret-Webhook_value";

    [Fact]
    public async Task Webhook_mode_registers_the_webhook_rejects_wrong_secrets_and_answers_with_the_right_one()
    {
        await using var rig = await TelegramRig.StartAsync(new()
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/updates",
            ["Telegram:WebhookSecretToken"] = Secret,
            ["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0",
        });
        var set = Assert.Single(await rig.Api.WaitForAsync(c => c.Any(x => x.Method == "setWebhook"), "setWebhook"), c => c.Method == "setWebhook");
        Assert.Equal("https://bot.example.org/telegram/updates", set.Body["url"]!.GetValue<string>());
        Assert.Equal(Secret, set.Body["secret_token"]!.GetValue<string>());
        Assert.Equal(["message", "callback_query"], set.Body["allowed_updates"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Empty(rig.Api.CallsTo("getUpdates"));

        var endpoint = rig.Host.Services.GetRequiredService<WebhookServer>().ListeningAddress + "/telegram/updates";
        using var http = new HttpClient();
        var update = new System.Text.Json.Nodes.JsonObject { ["update_id"] = 1, ["message"] = Tg.Private(40, "Did Kazakhstan recognise Donetsk and Luhansk?") }.ToJsonString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, endpoint, update, secret: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, endpoint, update, secret: "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, endpoint, update, secret: Secret + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(http, endpoint, "{not json", Secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, endpoint, update, Secret)).StatusCode);

        var sent = Assert.Single(await rig.Api.WaitForSentAsync(40, 1, "the answer"), c => c.Method == "sendMessage");
        Assert.Contains("would not recognise", sent.Text);
    }

    [Fact]
    public async Task A_stopping_replica_refuses_new_updates_with_503_so_Telegram_delivers_them_again_elsewhere()
    {
        await using var rig = await TelegramRig.StartAsync(new()
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/updates",
            ["Telegram:WebhookSecretToken"] = Secret,
            ["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0",
        });
        await rig.ReadyAsync();
        var endpoint = rig.Host.Services.GetRequiredService<WebhookServer>().ListeningAddress + "/telegram/updates";
        using var http = new HttpClient();
        var update = new System.Text.Json.Nodes.JsonObject { ["update_id"] = 7, ["message"] = Tg.Private(41, "/help") }.ToJsonString();

        // The orchestrator's SIGTERM: the host is told to stop, its services are still running.
        rig.Host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().StopApplication();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostAsync(http, endpoint, update, Secret)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string url, string json, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add(WebhookServer.SecretHeader, secret);
        }

        return http.SendAsync(request);
    }
}
