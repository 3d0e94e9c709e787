using System.Diagnostics;
using System.Globalization;
using KzBot.Core.Resilience;
using KzBot.Discord.Tests.Fakes;
using Xunit.Abstractions;

namespace KzBot.Discord.Tests;

/// <summary>
/// End to end against the fake: MESSAGE_CREATE mentions from 50 channels → extractive answer → REST reply, with
/// Discord's real 50/s global REST limit. Reports throughput and latency from the event to the reply's arrival.
/// </summary>
[Trait("Category", "Load")]
public sealed class LoadTests(ITestOutputHelper output)
{
    private static readonly string[] Questions =
    [
        "Did Kazakhstan recognise Donetsk and Luhansk?",
        "How did Kazakhstan vote on the UN resolution condemning the invasion?",
        "How many troops did Russia send to Kazakhstan in January?",
        "Who is the president of Kazakhstan?",
    ];

    [LoadFact]
    public async Task Mentions_answered_end_to_end()
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("KZBOT_LOAD_MESSAGES") ?? "1000", CultureInfo.InvariantCulture);
        var rate = double.Parse(Environment.GetEnvironmentVariable("KZBOT_LOAD_RATE") ?? "20", CultureInfo.InvariantCulture);
        await using var bot = await DiscordTestBot.StartAsync(settings: new()
        {
            ["Discord:GlobalRequestsPerSecond"] = "50",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await bot.ConnectAsync();

        var sentAt = new Dictionary<string, long>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (rate > 0)
            {
                var due = started + (long)(i / rate * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }

            var id = bot.NewMessageId();
            sentAt[id] = Stopwatch.GetTimestamp();
            var channel = (1200000000000003000 + (i % 50)).ToString(CultureInfo.InvariantCulture);
            await bot.Gateway.DispatchAsync("MESSAGE_CREATE", DiscordTestBot.MessageJson(id, Questions[i % Questions.Length], channel, mention: true), bot.NextSeq());
        }

        static bool IsReply(RecordedRequest r) => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal);
        await bot.Server.WaitForRequestAsync(IsReply, count, TimeSpan.FromSeconds(30 + (count / 10)));
        var replies = bot.Server.Requests.Where(IsReply).ToList();
        var latencies = replies
            .Select(r => Stopwatch.GetElapsedTime(sentAt[r.Json.GetProperty("message_reference").GetProperty("message_id").GetString()!], r.Timestamp).TotalMilliseconds)
            .Order()
            .ToList();
        var elapsed = Stopwatch.GetElapsedTime(started, replies.Max(r => r.Timestamp)).TotalSeconds;

        // Discord's global limit: no one-second window may hold more than 50 authenticated requests.
        var stamps = bot.Server.Requests.Where(r => r.Authorization is not null).Select(r => r.Timestamp).Order().ToList();
        var window = Stopwatch.Frequency;
        var maxPerSecond = stamps.Select((t, i) => stamps.Skip(i).TakeWhile(u => u - t < window).Count()).DefaultIfEmpty().Max();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"messages={count} rate={(rate > 0 ? rate.ToString(CultureInfo.InvariantCulture) + "/s" : "unpaced")} answered={replies.Count} " +
            $"throughput={count / elapsed:F1}/s p50={Percentile.Of(latencies, 0.50):F1}ms p95={Percentile.Of(latencies, 0.95):F1}ms max={latencies[^1]:F1}ms " +
            $"rest-requests={bot.Server.Requests.Count} max-per-1s={maxPerSecond}"));
        Assert.Equal(count, replies.Count);
        Assert.Equal(count, replies.Select(r => r.Json.GetProperty("message_reference").GetProperty("message_id").GetString()).Distinct().Count());
        Assert.True(maxPerSecond <= 50, $"global limit broken: {maxPerSecond} requests in one second");
    }
}
