using System.Diagnostics;
using KzBot.Core.Ingestion;
using KzBot.Embeddings;
using KzBot.Postgres.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace KzBot.Postgres.Tests;

/// <summary>Two replicas (two real KzBot hosts) on one PostgreSQL database: one reloads, the other answers from the new index.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReloadBroadcastTests(PostgresServer server, ITestOutputHelper output)
{
    private const string NewQuestion = "Where did Astana host talks on transit routes?";

    [Fact]
    public async Task A_reload_in_one_replica_is_answered_from_by_the_other_within_two_seconds()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = await Replica.StartAsync(database, WriteFirstSources);
        await a.Ingestor.ReloadAsync(CancellationToken.None);
        await using var b = await Replica.StartAsync(database, a.SourceDir);
        await Eventually.UntilAsync(() => b.Listener.Listening && b.Listener.SeenVersion == 1, "B to listen at version 1");

        // B asks first, so what it caches about the index (passage count, word counts) comes from the old one.
        Assert.True((await b.SayAsync(NewQuestion)).Answer!.Refused);
        Assert.Equal((2, 0), await b.ViewOfNewWordAsync());

        WriteNewSource(a.SourceDir);
        var reload = await a.SayAsync("/reload", isAdmin: true, user: "admin-a");
        Assert.Contains("c.md", reload.Text!);
        var finished = Stopwatch.StartNew();

        await Eventually.UntilAsync(() => b.Listener.SeenVersion == 2, "B to hear of version 2", cap: TimeSpan.FromSeconds(2));
        var answer = (await b.SayAsync(NewQuestion)).Answer!;
        var took = finished.Elapsed;

        Assert.Equal((3, 1), await b.ViewOfNewWordAsync());
        Assert.False(answer.Refused, answer.Text);
        Assert.Contains("Aktau", answer.Text);
        Assert.True(took < TimeSpan.FromSeconds(2), $"B answered {took.TotalMilliseconds:F0} ms after A's reload finished");
        output.WriteLine($"B answered from A's reload {took.TotalMilliseconds:F0} ms after it finished");
    }

    [Fact]
    public async Task A_second_reload_anywhere_while_one_runs_is_told_it_is_running()
    {
        var database = await server.CreateDatabaseAsync();
        var reader = new BlockingReader();
        await using var a = await Replica.StartAsync(database, WriteFirstSources, services => services.AddSingleton<IDocumentReader>(reader));
        await using var b = await Replica.StartAsync(database, a.SourceDir);
        File.WriteAllText(Path.Combine(a.SourceDir, "held.slow"), "Held\n\nThis file's reader waits until the test lets it go.");

        var first = a.SayAsync("/reload", isAdmin: true, user: "admin-a");
        await reader.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var fromB = await b.SayAsync("/reload", isAdmin: true, user: "admin-b");
        var fromA = await a.SayAsync("/reload", isAdmin: true, user: "admin-a2");
        var cli = await Assert.ThrowsAsync<ReloadAlreadyRunningException>(() => b.Ingestor.ReloadAsync("kzbot index", force: false, CancellationToken.None));

        foreach (var text in new[] { fromB.Text, fromA.Text, cli.Message })
        {
            Assert.StartsWith("A reload is already running (started by /reload from test user admin-a on ", text);
            Assert.Matches(@" at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", text);
        }

        Assert.False(first.IsCompleted);
        reader.Release.SetResult();
        var report = await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("held.slow", report.Text!);

        // The lock went with the reload: the next one runs.
        var next = await b.SayAsync("/reload", isAdmin: true, user: "admin-b");
        Assert.DoesNotContain("already running", next.Text!);
    }

    [Fact]
    public async Task A_replica_that_missed_the_notice_catches_up_by_version_when_it_reconnects()
    {
        var database = await server.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await Replica.StartAsync(database, WriteFirstSources);
        await a.Ingestor.ReloadAsync(CancellationToken.None);
        await using var b = await Replica.StartAsync(database, a.SourceDir, services => services.AddSingleton<TimeProvider>(clock));
        await Eventually.UntilAsync(() => b.Listener.Listening && b.Listener.SeenVersion == 1, "B to listen at version 1");
        Assert.True((await b.SayAsync(NewQuestion)).Answer!.Refused);
        Assert.Equal((2, 0), await b.ViewOfNewWordAsync());

        // Every listening connection goes; B waits on its (fake) clock before reconnecting, so it cannot hear A's reload.
        Assert.True(await TerminateListenersAsync(database) >= 1);
        await Eventually.UntilAsync(() => !b.Listener.Listening, "B to notice its connection is gone");
        WriteNewSource(a.SourceDir);
        Assert.Contains("c.md", (await a.SayAsync("/reload", isAdmin: true, user: "admin-a")).Text!);
        Assert.Equal((2, 0), await b.ViewOfNewWordAsync());
        Assert.Equal(1, b.Listener.SeenVersion);

        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(() => b.Listener.Listening && b.Listener.SeenVersion == 2, "B to reconnect and catch up to version 2");
        Assert.Equal((3, 1), await b.ViewOfNewWordAsync());
        var answer = (await b.SayAsync(NewQuestion)).Answer!;
        Assert.False(answer.Refused, answer.Text);
        Assert.Contains("Aktau", answer.Text);
    }

    [Fact]
    public async Task The_other_replica_searches_the_vectors_of_the_new_passages_whichever_replica_stores_them()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = await Replica.StartAsync(database, WriteFirstSources, embeddings: "Local");
        await a.Ingestor.ReloadAsync(CancellationToken.None);
        await a.Services.GetRequiredService<EmbeddingBackfill>().WhenSettledAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        await using var b = await Replica.StartAsync(database, a.SourceDir, embeddings: "Local");
        await Eventually.UntilAsync(() => b.Listener.Listening && b.Listener.SeenVersion == 1, "B to listen at version 1");
        var vectors = b.Services.GetRequiredService<VectorIndex>();
        Assert.Equal(2, (await vectors.GetAsync(CancellationToken.None)).Count);

        WriteNewSource(a.SourceDir);
        Assert.Contains("c.md", (await a.SayAsync("/reload", isAdmin: true, user: "admin-a")).Text!);

        // B searches (and so loads its vector index) while the new passage's vector may not be stored yet.
        await b.SayAsync(NewQuestion);
        await Eventually.UntilAsync(
            async () => (await vectors.GetAsync(CancellationToken.None)).Count == 3,
            "B's vector index to hold the new passage",
            cap: TimeSpan.FromMinutes(1));
        var answer = (await b.SayAsync(NewQuestion)).Answer!;
        Assert.False(answer.Refused, answer.Text);
        Assert.Contains("Aktau", answer.Text);
    }

    private static void WriteFirstSources(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "a.txt"), "Alpha title\n\nKazakhstan exported more grain to Afghanistan in the spring.");
        File.WriteAllText(Path.Combine(dir, "b.txt"), "Beta title\n\nThe tenge fell against the dollar in March after oil prices dropped.");
    }

    private static void WriteNewSource(string dir) =>
        File.WriteAllText(Path.Combine(dir, "c.md"), "# Gamma\n\nAstana hosted talks on transit routes in Aktau, on the Caspian coast, in May.");

    private static async Task<int> TerminateListenersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
            connection);
        command.Parameters.AddWithValue(IndexChangeListener.ApplicationName);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A started KzBot host on the shared database; B reads A's source folder, as replicas of one bot do.</summary>
    private sealed class Replica(IHost host, string root) : WorkspaceHost(host, root)
    {
        public IndexChangeListener Listener => Services.GetRequiredService<IndexChangeListener>();

        /// <summary>
        /// The passage count and the new file's place name's passage count as this replica's store gives them to
        /// retrieval: cached until the index changes, so they show whether the replica heard of the change.
        /// </summary>
        public async Task<(long Passages, long WithNewWord)> ViewOfNewWordAsync()
        {
            var stats = await Corpus.GetTermStatisticsAsync(["aktau"], CancellationToken.None);
            return (stats.ChunkCount, stats.DocumentFrequency.GetValueOrDefault("aktau"));
        }

        public static Task<Replica> StartAsync(string database, Action<string> writeSources, Action<IServiceCollection>? services = null, string embeddings = "None") =>
            StartAsync(database, writeSources, null, services, embeddings);

        public static Task<Replica> StartAsync(string database, string sources, Action<IServiceCollection>? services = null, string embeddings = "None") =>
            StartAsync(database, _ => { }, sources, services, embeddings);

        private static async Task<Replica> StartAsync(string database, Action<string> writeSources, string? sources, Action<IServiceCollection>? services, string embeddings)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:ConnectionString"] = database,

                // A replica waiting on another's embedding lease looks again this often.
                ["Retrieval:EmbeddingPollInterval"] = "00:00:00.100",
            };
            if (sources is not null)
            {
                settings["Sources:Folders:0"] = sources;
            }

            var (host, root) = TestHostBuilder.Build("kzbot-replica-", writeSources, settings, services, embeddings);
            var replica = new Replica(host, root);
            await host.StartAsync();
            return replica;
        }
    }
}
