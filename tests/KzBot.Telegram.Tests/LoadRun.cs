using System.Diagnostics;
using System.Globalization;
using KzBot.Telegram.Tests.Fakes;
using Xunit.Abstractions;

namespace KzBot.Telegram.Tests;

/// <summary>
/// End-to-end throughput and latency against the fake Bot API with the extractive composer: latency is from the
/// moment an update is available to getUpdates until the fake receives the answer's sendMessage.
/// </summary>
public sealed class LoadRun(ITestOutputHelper output)
{
    /// <summary>The questions every load run asks, in turn.</summary>
    internal static readonly string[] Questions =
    [
        "Did Kazakhstan recognise Donetsk and Luhansk?",
        "How did Kazakhstan vote on the UN resolution condemning the invasion?",
        "How many troops did Russia send to Kazakhstan in January?",
        "Where did the first humanitarian aid planes arrive?",
        "What did Kazakhstan and Uzbekistan send to Ukraine?",
    ];

    [LoadFact]
    public async Task Burst_with_send_limits_off()
    {
        await using var rig = await TelegramRig.StartAsync(Quiet());
        await WarmUpAsync(rig);
        var pushed = new Dictionary<int, long>();
        for (var i = 0; i < 1000; i++)
        {
            Push(rig, 1000 + (i % 50), i, pushed);
        }

        await rig.Api.WaitForAsync(c => Answers(c) >= 1000 + 5, "the burst", TimeSpan.FromMinutes(5));
        Report("burst, 1000 questions from 50 chats, limits off", rig, pushed);
    }

    [LoadFact]
    public async Task Steady_100_per_second_with_send_limits_off()
    {
        await using var rig = await TelegramRig.StartAsync(Quiet());
        await WarmUpAsync(rig);
        var pushed = await PushSteadilyAsync(rig, perSecond: 100, seconds: 10, chats: 200);

        await rig.Api.WaitForAsync(c => Answers(c) >= pushed.Count + 5, "the steady run", TimeSpan.FromMinutes(5));
        Report("steady 100/s for 10 s from 200 chats, limits off", rig, pushed);
    }

    [LoadFact]
    public async Task Burst_with_send_limits_on()
    {
        await using var rig = await TelegramRig.StartAsync(Quiet(new()
        {
            ["Telegram:MessagesPerSecondPerChat"] = "1",
            ["Telegram:MessagesPerSecondOverall"] = "25",
        }));
        await WarmUpAsync(rig);
        var pushed = new Dictionary<int, long>();
        for (var i = 0; i < 250; i++)
        {
            Push(rig, 1000 + (i % 250), i, pushed);
        }

        await rig.Api.WaitForAsync(c => Answers(c) >= 250 + 5, "the limited burst", TimeSpan.FromMinutes(5));
        Report("burst, 250 questions from 250 chats, limits on (1/s per chat, 25/s overall)", rig, pushed);
    }

    private static Dictionary<string, string?> Quiet(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["Telegram:MaxConcurrentUpdates"] = "8" };
        return all;
    }

    private static async Task WarmUpAsync(TelegramRig rig)
    {
        for (var i = 0; i < 5; i++)
        {
            rig.Api.PushMessage(Tg.Private(1, Questions[i]));
        }

        await rig.Api.WaitForSentAsync(1, 5, "the warm-up");
    }

    private static async Task<Dictionary<int, long>> PushSteadilyAsync(TelegramRig rig, int perSecond, int seconds, int chats)
    {
        var pushed = new Dictionary<int, long>();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var start = Stopwatch.GetTimestamp();
        var total = perSecond * seconds;
        var i = 0;
        while (i < total && await tick.WaitForNextTickAsync())
        {
            var due = (int)Math.Min(total, Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond);
            for (; i < due; i++)
            {
                Push(rig, 1000 + (i % chats), i, pushed);
            }
        }

        return pushed;
    }

    private static void Push(TelegramRig rig, long chat, int i, Dictionary<int, long> pushed)
    {
        var message = Tg.Private(chat, Questions[i % Questions.Length]);
        pushed[message["message_id"]!.GetValue<int>()] = Stopwatch.GetTimestamp();
        rig.Api.PushMessage(message);
    }

    private static int Answers(IReadOnlyList<ApiCall> calls) => calls.Count(c => c.Method == "sendMessage");

    private void Report(string name, TelegramRig rig, Dictionary<int, long> pushed)
    {
        var line = Summary(name, rig.Api, pushed);
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>Answers per second and latency percentiles of the answers to <paramref name="pushed"/> (message id → when it was sent).</summary>
    internal static string Summary(string name, FakeBotApi api, IReadOnlyDictionary<int, long> pushed)
    {
        var latencies = new List<double>();
        var first = pushed.Values.Min();
        var last = 0L;
        foreach (var call in api.CallsTo("sendMessage"))
        {
            if (call.Body["reply_parameters"]?["message_id"]?.GetValue<int>() is { } id && pushed.TryGetValue(id, out var at))
            {
                latencies.Add(Stopwatch.GetElapsedTime(at, call.At).TotalMilliseconds);
                last = Math.Max(last, call.At);
            }
        }

        Assert.Equal(pushed.Count, latencies.Count);
        latencies.Sort();
        var seconds = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {latencies.Count} answered in {seconds:F2} s = {latencies.Count / seconds:F0} q/s; latency p50 {Pct(latencies, 0.50):F0} ms, p95 {Pct(latencies, 0.95):F0} ms, max {latencies[^1]:F0} ms");
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
