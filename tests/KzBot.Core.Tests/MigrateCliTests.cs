using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace KzBot.Core.Tests;

/// <summary>kzbot migrate --from sqlite --to postgres: the real executable against a real PostgreSQL server.</summary>
public sealed class MigrateCliTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Question = "Did Kazakhstan recognise Donetsk and Luhansk?";
    private const string Password = "SECRET-migrate-pw";

    private readonly string _root = Directory.CreateTempSubdirectory("kzbot-migrate-").FullName;

    private string Data => Path.Combine(_root, "data");

    [Fact]
    public async Task A_migrated_store_answers_the_same_and_keeps_its_history_and_a_second_migrate_is_refused()
    {
        var onSqlite = await RunAsync(null, "ask", "--json", Question);
        Assert.Equal(0, onSqlite.Code);
        var upload = Path.Combine(_root, "orvane.md");
        File.WriteAllText(upload, "# Orvane salt mine\n\nThe Orvane mine produces forty thousand tonnes of rock salt each year.\n");
        Assert.Equal(0, (await RunAsync(null, "add", upload)).Code);

        string answerId;
        IReadOnlyList<AuditRecord> audited;
        var audit = new AuditRecord(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), "telegram", "42", null, "chat-7", "reload", true, "from a test");
        var vector = new[] { 0.25f, -1.5f, 3f };
        using (var sqlite = Host(postgres: null))
        {
            var log = sqlite.Services.GetRequiredService<IConversationLog>();
            answerId = (await log.GetLatestAnswerAsync("console", "cli", DateTimeOffset.MinValue, default))!.Id;
            await log.RecordFeedbackAsync(new FeedbackRecord(answerId, "telegram", "42", -1, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000)), default);
            await log.RecordAuditAsync(audit, default);
            audited = await log.ListAuditAsync(10, default);
            await log.RecordAnswerMessagesAsync("telegram", "chat-7", ["901", "902"], answerId, default);
            await sqlite.Services.GetRequiredService<IVectorStore>().SaveEmbeddingsAsync("test-model", new Dictionary<string, float[]> { ["hash-1"] = vector }, default);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = await server.CreateDatabaseAsync();
        var migrated = await RunAsync(database, "migrate", "--from", "sqlite", "--to", "postgres");
        output.WriteLine(migrated.Stdout);
        Assert.True(migrated.Code == 0, migrated.Stdout + migrated.Stderr);
        Assert.Contains("in one transaction", migrated.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  answers +1\n", migrated.Stdout);
        Assert.Matches(@"\n  feedback +1\n", migrated.Stdout);
        Assert.Matches($@"\n  audit +{audited.Count}\n", migrated.Stdout);
        Assert.Matches(@"\n  managed_sources +1\n", migrated.Stdout);
        Assert.Matches(@"\n  answer_messages +2\n", migrated.Stdout);
        Assert.Matches(@"\n  embeddings +1\n", migrated.Stdout);
        Assert.DoesNotContain(Password, migrated.Stdout + migrated.Stderr, StringComparison.Ordinal);

        // Indexing on start is off, so the answer can only come from the copied passages.
        var onPostgres = await RunAsync(database, "ask", "--json", "--no-record", "--Storage:Provider=Postgres", "--Sources:IndexOnStart=false", Question);
        Assert.Equal(0, onPostgres.Code);
        Assert.Contains("\"citations\":[{", onSqlite.Stdout, StringComparison.Ordinal);
        Assert.Equal(onSqlite.Stdout, onPostgres.Stdout);

        using (var postgres = Host(database))
        {
            var log = postgres.Services.GetRequiredService<IConversationLog>();
            Assert.Equal(-1, await log.GetFeedbackAsync(answerId, "telegram", "42", default));
            Assert.Equal(audited, await log.ListAuditAsync(10, default));
            Assert.Equal(answerId, await log.FindAnswerByMessageAsync("telegram", "chat-7", "902", default));
            Assert.Equal(Question, (await log.GetAnswerAsync(answerId, default))?.Question);
            var added = Assert.Single(await postgres.Services.GetRequiredService<IManagedSourceCatalog>().ListAsync(default));
            Assert.Equal(SourceOrigin.Upload, added.Origin);
            var vectors = await postgres.Services.GetRequiredService<IVectorStore>().GetEmbeddingsAsync("test-model", ["hash-1"], default);
            Assert.Equal(vector, vectors["hash-1"]);

            // Written after the migration: a refused second migrate must leave it in place.
            await log.RecordAuditAsync(audit with { Command = "add", Detail = "after the copy" }, default);
        }

        var again = await RunAsync(database, "migrate", "--from", "sqlite", "--to", "postgres");
        Assert.Equal(1, again.Code);
        var refusal = Assert.Single(again.StderrLines);
        Assert.Contains("already holds data", refusal, StringComparison.Ordinal);
        Assert.Contains("Nothing was copied; migrate --force replaces its contents.", refusal, StringComparison.Ordinal);
        using (var postgres = Host(database))
        {
            Assert.Equal(audited.Count + 1, (await postgres.Services.GetRequiredService<IConversationLog>().ListAuditAsync(10, default)).Count);
        }

        var forced = await RunAsync(database, "migrate", "--force");
        Assert.Equal(0, forced.Code);
        using (var postgres = Host(database))
        {
            Assert.Equal(audited, await postgres.Services.GetRequiredService<IConversationLog>().ListAuditAsync(10, default));
        }
    }

    [Fact]
    public async Task An_unreachable_target_is_one_line_with_the_store_exit_code_and_no_password()
    {
        using (var sqlite = Host(postgres: null))
        {
            await sqlite.Services.GetRequiredService<ICorpusStore>().InitializeAsync(default);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var result = await RunAsync($"Host=127.0.0.1;Port=1;Username=kzbot;Password={Password};Database=kzbot;Timeout=3", "migrate", "--from", "sqlite", "--to", "postgres");

        Assert.Equal(3, result.Code);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("cannot be reached", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => TestWorkspace.Delete(_root);

    private IHost Host(string? postgres)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(Data, "kzbot.db"),
            ["Sources:Folders:0"] = Repo.Seeds,
            ["Retrieval:Embeddings"] = "None",
        };
        if (postgres is not null)
        {
            settings["Storage:Provider"] = "Postgres";
            settings["Storage:ConnectionString"] = postgres;
        }

        return KzBotHost.CreateBuilder([], settings, quiet: true).Build();
    }

    private Task<CliResult> RunAsync(string? postgres, params string[] args) => KzBotProcess.RunAsync(
        [.. args, "--data", Data, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None"],
        environment: postgres is null ? null : new Dictionary<string, string> { ["KZBOT__Storage__ConnectionString"] = postgres.Contains("Password", StringComparison.Ordinal) ? postgres : postgres + $";Password={Password}" },
        timeout: TimeSpan.FromMinutes(3));
}
