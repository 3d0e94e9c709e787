using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KzBot.Ops;
using KzBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Telegram.Tests;

/// <summary>
/// The ops endpoint over real HTTP, with the Telegram bot polling the loopback Bot API. Metrics are collected by
/// meter name across the process, so these tests run alone: another test's host would add to the counts.
/// </summary>
[Collection(OpsCollection.Name)]
public sealed class OpsEndpointTests
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(7);

    private static readonly Dictionary<string, string?> OpsOn = new() { ["Ops:Urls"] = "http://127.0.0.1:0" };

    [Fact]
    public async Task Health_readiness_and_metrics_report_what_the_bot_did()
    {
        await using var rig = await TelegramRig.StartAsync(OpsOn);
        await rig.ReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(OpsAddress(rig)) };

        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var ready = await http.GetAsync("/readyz");
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(body["ready"]!.GetValue<bool>());
        Assert.Equal("reachable", Check(body, "store")["state"]!.GetValue<string>());
        Assert.Equal("loaded", Check(body, "index")["state"]!.GetValue<string>());
        Assert.Equal("connected", Check(body, "telegram")["state"]!.GetValue<string>());

        // The start-up index ran before the endpoint opened; an admin's reload is measured.
        rig.Api.PushMessage(Tg.Private(TelegramRig.AdminId, "/reload"));
        await rig.Api.WaitForSentAsync(TelegramRig.AdminId, 1, "the reload report");
        rig.Api.PushMessage(Tg.Private(501, "Did Kazakhstan recognise Donetsk and Luhansk?"));
        rig.Api.PushMessage(Tg.Private(502, "What is the best recipe for sourdough bread?"));
        await rig.Api.WaitForSentAsync(501, 1, "the answer");
        await rig.Api.WaitForSentAsync(502, 1, "the refusal");

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Equal(2, Sample(metrics, "kzbot_questions_total", "platform=\"telegram\""));
        Assert.Equal(1, Sample(metrics, "kzbot_refusals_total", "platform=\"telegram\""));
        Assert.Equal(2, Sample(metrics, "kzbot_answer_duration_seconds_count", "platform=\"telegram\""));
        Assert.Equal(2, Sample(metrics, "kzbot_retrieval_duration_seconds_count"));
        Assert.Equal(1, Sample(metrics, "kzbot_reload_duration_seconds_count", "result=\"ok\""));
        Assert.Equal(0, Sample(metrics, "kzbot_queue_depth", "queue=\"telegram.updates\""));
        Assert.Equal(0, Sample(metrics, "kzbot_embedding_backlog"));
    }

    [Fact]
    public async Task Readiness_tolerates_a_short_outage_and_fails_once_it_outlasts_the_budget()
    {
        var clock = new WatchedClock();
        var failing = 0;
        await using var rig = await TelegramRig.StartAsync(
            new(OpsOn) { ["Ops:ReconnectBudget"] = "00:00:30", ["Telegram:RetryDelay"] = "00:00:07", ["Telegram:RetryDelayMax"] = "00:00:07" },
            services => services.AddSingleton<TimeProvider>(clock),
            api => api.Fault = call => call.Method == "getUpdates" && Volatile.Read(ref failing) == 1 ? new FakeError(502, "Bad Gateway") : null);
        await rig.ReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(OpsAddress(rig)) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        // The pending poll ends with this update; the next one fails and the worker waits its retry delay on the fake clock.
        Volatile.Write(ref failing, 1);
        rig.Api.PushMessage(Tg.Private(510, "/help"));
        await clock.WaitForWaitsAsync(Retry);
        var during = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal("reconnecting", Check(JsonNode.Parse(await during.Content.ReadAsStringAsync())!, "telegram")["state"]!.GetValue<string>());

        clock.Advance(TimeSpan.FromSeconds(31));
        await clock.WaitForWaitsAsync(Retry, count: 2);
        var over = await http.GetAsync("/readyz");
        var overBody = JsonNode.Parse(await over.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, over.StatusCode);
        Assert.False(overBody["ready"]!.GetValue<bool>());
        Assert.Equal("disconnected", Check(overBody, "telegram")["state"]!.GetValue<string>());

        Volatile.Write(ref failing, 0);
        clock.Advance(Retry);
        rig.Api.PushMessage(Tg.Private(511, "/help"));
        await rig.Api.WaitForSentAsync(511, 1, "the help reply after the outage");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    private static string OpsAddress(TelegramRig rig) => rig.Host.Services.GetRequiredService<OpsServer>().ListeningAddresses[0];

    private static JsonNode Check(JsonNode body, string name) =>
        body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    internal static double Sample(string exposition, string metric, string label = "")
    {
        var values = exposition.Split('\n')
            .Select(line => Regex.Match(line, "^" + Regex.Escape(metric) + @"(\{(?<labels>[^}]*)\})? (?<value>\S+)"))
            .Where(m => m.Success && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 1 ? values[0] : throw new Xunit.Sdk.XunitException($"{metric}{{{label}}}: {values.Count} samples in\n{exposition}");
    }
}

/// <summary>Tests whose metrics must not mix with other hosts' run after the rest, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpsCollection
{
    public const string Name = "ops endpoint";
}
