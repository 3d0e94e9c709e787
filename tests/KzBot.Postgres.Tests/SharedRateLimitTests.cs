using System.Diagnostics;
using KzBot.Core.Chat;
using KzBot.Core.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KzBot.Postgres.Tests;

/// <summary>Per-user question limits on PostgreSQL: two KzBot hosts on one database count each user together.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedRateLimitTests(PostgresServer server, ITestOutputHelper output)
{
    private const string Limited = "You're asking faster than I can keep up";

    [Fact]
    public async Task A_user_at_the_limit_on_one_replica_is_limited_on_the_other_and_another_user_is_not()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = StoreHost.Create(database, settings: Limit(2));
        await using var b = StoreHost.Create(database, settings: Limit(2));
        await a.Ingestor.ReloadAsync(CancellationToken.None);

        Assert.NotNull((await AskAsync(a, "alice")).Answer);
        Assert.NotNull((await AskAsync(a, "alice")).Answer);

        var onB = (await AskAsync(b, "alice")).Text ?? "";
        Assert.Contains(Limited, onB, StringComparison.Ordinal);
        var seconds = int.Parse(System.Text.RegularExpressions.Regex.Match(onB, @"wait (\d+) s").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 3500, 3600);
        Assert.NotNull((await AskAsync(b, "bob")).Answer);
    }

    [Fact]
    public async Task Questions_racing_on_two_replicas_get_exactly_the_limit_between_them()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = StoreHost.Create(database, settings: Limit(3));
        await using var b = StoreHost.Create(database, settings: Limit(3));
        var limiters = new[] { Limiter(a), Limiter(b) };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => limiters[i % 2].TryAcquireAsync("test:carol", CancellationToken.None).AsTask()));

        Assert.Equal(3, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.InRange(d.RetryAfter, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1)));
    }

    /// <summary>What the shared limit adds to each question: one transaction on the database per question.</summary>
    [LoadFact]
    public async Task Measure_the_latency_the_shared_limit_adds_per_question()
    {
        var questions = int.TryParse(Environment.GetEnvironmentVariable("KZBOT_LOAD_MESSAGES"), out var n) ? n : 500;
        var database = await server.CreateDatabaseAsync();
        await using var host = StoreHost.Create(database, settings: Limit(10));
        var limiter = Limiter(host);
        await limiter.TryAcquireAsync("test:warm-up", CancellationToken.None);

        var latencies = new List<double>();
        for (var i = 0; i < questions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await limiter.TryAcquireAsync($"test:user-{i % 50}", CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        latencies.Sort();
        output.WriteLine($"{questions} limit checks on PostgreSQL (50 users, 10 per window): p50 {Percentile.Of(latencies, 0.50):0.00} ms, p95 {Percentile.Of(latencies, 0.95):0.00} ms, max {latencies[^1]:0.00} ms");
    }

    private static Dictionary<string, string?> Limit(int questions) => new()
    {
        ["RateLimits:QuestionsPerWindow"] = questions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Window"] = "01:00:00",
    };

    private static IUserRateLimiter Limiter(StoreHost host) => host.Host.Services.GetRequiredService<IUserRateLimiter>();

    private static Task<EngineReply> AskAsync(StoreHost host, string user) =>
        host.Host.Services.GetRequiredService<ChatEngine>().HandleAsync(
            new IncomingMessage { Platform = "test", ChatId = "c-" + user, UserId = user, Text = "What do the sources say about the capital?", IsDirect = true },
            CancellationToken.None);
}
