using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KzBot.Telegram.Receiving;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KzBot.Telegram.Tests;

/// <summary>
/// Webhook throughput of one and of two replicas on one PostgreSQL database, the test acting as the load balancer
/// (round robin over the replicas' endpoints, 16 requests in flight). Everything runs on 127.0.0.1.
/// </summary>
[Collection(TelegramReplicasCollection.Name)]
public sealed class ReplicaLoadRun(PostgresServer postgres, ITestOutputHelper output)
{
    private const string Secret = "load-Webhook_secret";

    [LoadFact]
    public Task Webhook_burst_on_one_replica() => RunAsync(replicas: 1);

    [LoadFact]
    public Task Webhook_burst_on_two_replicas() => RunAsync(replicas: 2);

    private async Task RunAsync(int replicas)
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("KZBOT_LOAD_MESSAGES") ?? "1000", CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = await postgres.CreateDatabaseAsync(),
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/updates",
            ["Telegram:WebhookSecretToken"] = Secret,
            ["Telegram:WebhookListenUrl"] = "http://127.0.0.1:0",
            ["Telegram:MaxConcurrentUpdates"] = "8",
        };
        var rigs = new List<TelegramRig> { await TelegramRig.StartAsync(settings) };
        for (var i = 1; i < replicas; i++)
        {
            rigs.Add(await TelegramRig.StartAsync(settings, sharedApi: rigs[0].Api));
        }

        try
        {
            var api = rigs[0].Api;
            var endpoints = rigs.Select(r => r.Host.Services.GetRequiredService<WebhookServer>().ListeningAddress + "/telegram/updates").ToList();
            using var http = new HttpClient();

            // Warm-up: every replica answers once before the clock starts.
            for (var r = 0; r < endpoints.Count; r++)
            {
                Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, endpoints[r], 900_000 + r, Tg.Private(1, LoadRun.Questions[r]))).StatusCode);
            }

            await api.WaitForSentAsync(1, endpoints.Count, "the warm-up");

            var pushed = new ConcurrentDictionary<int, long>();
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var message = Tg.Private(1000 + (i % 50), LoadRun.Questions[i % LoadRun.Questions.Length]);
                pushed[message["message_id"]!.GetValue<int>()] = Stopwatch.GetTimestamp();
                var response = await PostAsync(http, endpoints[i % endpoints.Count], i + 1, message);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            });

            await api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= count + endpoints.Count, "the burst", TimeSpan.FromMinutes(5));
            var line = LoadRun.Summary($"webhook burst, {count} questions from 50 chats, {replicas} replica(s) on PostgreSQL", api, pushed);
            output.WriteLine(line);
            Console.WriteLine(line);
        }
        finally
        {
            foreach (var rig in Enumerable.Reverse(rigs))
            {
                await rig.DisposeAsync();
            }
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string url, int updateId, JsonObject message)
    {
        var json = new JsonObject { ["update_id"] = updateId, ["message"] = message }.ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookServer.SecretHeader, Secret);
        return http.SendAsync(request);
    }
}
