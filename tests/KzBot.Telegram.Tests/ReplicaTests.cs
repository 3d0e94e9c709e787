using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KzBot.Telegram.Receiving;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace KzBot.Telegram.Tests;

/// <summary>Two replicas of one bot in this process, coordinating through a real PostgreSQL database.</summary>
[Collection(TelegramReplicasCollection.Name)]
public sealed class ReplicaTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string Secret = "replica-Webhook_secret";

    [Fact]
    public async Task A_webhook_update_delivered_to_both_replicas_is_answered_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>(OnDatabase(database))
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/updates",
            ["Telegram:WebhookSecretToken"] = Secret,
            ["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0",
        };
        var a = await TelegramRig.StartAsync(settings);
        var b = await TelegramRig.StartAsync(settings, sharedApi: a.Api);
        try
        {
            using var http = new HttpClient();
            var update = new JsonObject { ["update_id"] = 4242, ["message"] = Tg.Private(61, "Did Kazakhstan recognise Donetsk and Luhansk?") }.ToJsonString();
            var posts = await Task.WhenAll(PostAsync(http, a, update), PostAsync(http, b, update));
            Assert.All(posts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
            await a.Api.WaitForSentAsync(61, 1, "the answer");
        }
        finally
        {
            // Stopping finishes every update a replica took, so a second answer would be sent by now.
            await b.DisposeAsync();
            await a.Host.StopAsync();
            var sent = a.Api.Sent(61);
            await a.DisposeAsync();
            Assert.Single(sent);
        }
    }

    [Fact]
    public async Task When_the_polling_replica_loses_its_database_the_other_takes_over_within_seconds()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var relay = new TcpRelay(postgres.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(database) { Port = relay.Port, Pooling = false }.ConnectionString;

        await using var a = await TelegramRig.StartAsync(OnDatabase(viaRelay));
        await a.Api.WaitForAsync(c => c.Any(x => x.Method == "getUpdates"), "replica A to poll");
        await using var b = await TelegramRig.StartAsync(OnDatabase(database));
        await Eventually.UntilAsync(() => b.Logs.Lines.Any(l => l.Contains("Another replica holds", StringComparison.Ordinal)), "replica B to stand by");
        Assert.Empty(b.Api.CallsTo("getUpdates"));

        // A's process is cut off from the database as a crash would: the server drops its session and its lock.
        var cut = Stopwatch.StartNew();
        await relay.CutAsync();
        await b.Api.WaitForAsync(c => c.Any(x => x.Method == "getUpdates"), "replica B to take over polling");
        var takeover = cut.Elapsed;
        output.WriteLine($"replica B polled {takeover.TotalMilliseconds:F0} ms after A lost the database (election interval 200 ms)");
        Assert.True(takeover < TimeSpan.FromSeconds(5), $"took over after {takeover}");

        b.Api.PushMessage(Tg.Private(62, "/help"));
        await b.Api.WaitForSentAsync(62, 1, "B to answer");
        await Eventually.UntilAsync(() => a.Logs.Lines.Any(l => l.Contains("Lost telegram-poller", StringComparison.Ordinal)), "replica A to notice it lost the role");
    }

    [Fact]
    public async Task A_poller_that_shuts_down_gives_the_role_up_and_the_standby_polls_at_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        var a = await TelegramRig.StartAsync(OnDatabase(database));
        await a.Api.WaitForAsync(c => c.Any(x => x.Method == "getUpdates"), "replica A to poll");

        // B starts only once A holds the role: started together, either may win the election.
        await using var b = await TelegramRig.StartAsync(OnDatabase(database));
        try
        {
            await Eventually.UntilAsync(() => b.Logs.Lines.Any(l => l.Contains("Another replica holds", StringComparison.Ordinal)), "replica B to stand by");
        }
        finally
        {
            await a.DisposeAsync();
        }

        Assert.Contains(a.Logs.Lines, l => l.Contains("Gave up telegram-poller", StringComparison.Ordinal));
        b.Api.PushMessage(Tg.Private(63, "/help"));
        await b.Api.WaitForSentAsync(63, 1, "B to poll and answer once A stopped");
    }

    private static Dictionary<string, string?> OnDatabase(string connectionString) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = connectionString,
        ["Coordination:ElectionInterval"] = "00:00:00.200",
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, TelegramRig rig, string json)
    {
        var url = rig.Host.Services.GetRequiredService<WebhookServer>().ListeningAddress + "/telegram/updates";
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookServer.SecretHeader, Secret);
        return http.SendAsync(request);
    }
}

[CollectionDefinition(Name)]
public sealed class TelegramReplicasCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "telegram replicas";
}
