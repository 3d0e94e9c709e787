using System.Globalization;
using System.Security.Cryptography;
using KzBot.Core.Options;
using KzBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KzBot.Core.Tests;

/// <summary>
/// A damaged or misplaced store, as an admin meets it: through the real executable, asserting the one line they read,
/// the exit code, that the file was not touched, and that <c>index --rebuild</c> brings back a store that answers
/// and still has its feedback.
/// </summary>
public sealed class StoreFailureTests : IDisposable
{
    private const string Question = "Did Kazakhstan recognise Donetsk and Luhansk?";

    private readonly string _root = Directory.CreateTempSubdirectory("kzbot-store-").FullName;

    private string Sources => Path.Combine(_root, "sources");

    private string Data => Path.Combine(_root, "data");

    private string StoreFile => Path.Combine(Data, "kzbot.db");

    [Fact]
    public async Task A_truncated_store_gives_one_line_naming_it_and_the_way_out_exits_3_and_is_left_unchanged()
    {
        await CreateStoreWithFeedbackAsync();
        var before = TruncateToHalf();

        foreach (var verb in new[] { new[] { "ask", Question }, ["index"], ["sources"] })
        {
            var result = await KzBot(verb);

            Assert.Equal(3, result.Code);
            var line = Assert.Single(result.StderrLines);
            Assert.Contains(StoreFile, line, StringComparison.Ordinal);
            Assert.Contains("damaged", line, StringComparison.Ordinal);
            Assert.Contains("index --rebuild", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, Hash(StoreFile));
        }
    }

    [Fact]
    public async Task Index_rebuild_replaces_a_truncated_store_with_one_that_answers_and_kept_the_feedback()
    {
        await CreateStoreWithFeedbackAsync();
        var damaged = TruncateToHalf();

        var rebuild = await KzBot("index", "--rebuild");

        Assert.Equal(0, rebuild.Code);
        Assert.Contains("Kept 1 feedback row(s).", rebuild.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kept 1 answers row(s).", rebuild.Stdout, StringComparison.Ordinal);
        var backup = Assert.Single(Directory.GetFiles(Data, "kzbot.db.before-rebuild-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal));
        Assert.Contains(backup, rebuild.Stdout, StringComparison.Ordinal);
        Assert.Equal(damaged, Hash(backup));

        var ask = await KzBot("ask", Question);
        Assert.Equal(0, ask.Code);
        Assert.Contains("Donetsk", ask.Stdout, StringComparison.Ordinal);

        var stats = await KzBotWithInput("/stats\n", "chat");
        Assert.Contains("👍 1", stats.Stdout, StringComparison.Ordinal);

        var check = await KzBot("check");
        Assert.Equal(0, check.Code);
        Assert.Contains("The store is healthy.", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_pointing_at_a_file_gives_one_line_and_exit_3_and_the_file_is_not_touched()
    {
        var file = Path.Combine(_root, "notes.txt");
        await File.WriteAllTextAsync(file, "not a folder");
        var before = Hash(file);

        var result = await KzBotProcess.RunAsync(["ask", Question, "--data", file, "--sources", Repo.Seeds, "--Retrieval:Embeddings=None"]);

        Assert.Equal(3, result.Code);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains(file + " is a file, not a folder", line, StringComparison.Ordinal);
        Assert.Contains("--data", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(file));
    }

    [Fact]
    public async Task Data_pointing_at_proc_gives_one_line_and_exit_3()
    {
        var result = await KzBotProcess.RunAsync(["ask", Question, "--data", "/proc", "--sources", Repo.Seeds, "--Retrieval:Embeddings=None"]);

        Assert.Equal(3, result.Code);
        var line = Assert.Single(result.StderrLines);
        Assert.Contains("/proc/kzbot.db", line, StringComparison.Ordinal);
        Assert.Contains("--data", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_as_damaged_and_left_as_it_is()
    {
        Directory.CreateDirectory(Data);
        await File.WriteAllTextAsync(StoreFile, "this text is where the store should be, and is no SQLite database at all\n");
        var before = Hash(StoreFile);

        var result = await KzBot("ask", Question);

        Assert.Equal(3, result.Code);
        Assert.Contains("not a SQLite database", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Equal(before, Hash(StoreFile));
    }

    [Fact]
    public async Task Check_reports_a_healthy_store_then_a_passage_missing_from_the_full_text_index()
    {
        await CreateStoreWithFeedbackAsync();

        var healthy = await KzBot("check");
        Assert.Equal(0, healthy.Code);
        Assert.Contains("integrity: ok", healthy.Stdout, StringComparison.Ordinal);
        Assert.Contains("full-text index: ok", healthy.Stdout, StringComparison.Ordinal);

        await using (var connection = new SqliteConnection($"Data Source={StoreFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM chunks_fts WHERE rowid = (SELECT min(key) FROM chunks)";
            await command.ExecuteNonQueryAsync();
        }

        var broken = await KzBot("check");
        Assert.Equal(3, broken.Code);
        Assert.Contains("full-text index: 1 passage(s) not searchable", broken.Stdout, StringComparison.Ordinal);
        Assert.Contains("index --rebuild", broken.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_on_a_truncated_store_reports_it_damaged_without_changing_it()
    {
        await CreateStoreWithFeedbackAsync();
        var before = TruncateToHalf();

        var result = await KzBot("check");

        Assert.Equal(3, result.Code);
        Assert.Contains("integrity:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("The store is damaged", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Hash(StoreFile));
    }

    public void Dispose() => TestWorkspace.Delete(_root);

    private Task<CliResult> KzBot(params string[] args) => KzBotWithInput(null, args);

    private Task<CliResult> KzBotWithInput(string? stdin, params string[] args) =>
        KzBotProcess.RunAsync([.. args, "--data", Data, "--sources", Sources, "--Retrieval:Embeddings=None"], stdin);

    /// <summary>
    /// Indexes the seed and enough other documents that the store is several times the size of its empty tables,
    /// asks one question (an answer row), and records a 👍 on it through the store as a chat user's press would.
    /// </summary>
    private async Task CreateStoreWithFeedbackAsync()
    {
        TestWorkspace.CopySeeds(Directory.CreateDirectory(Sources).FullName);
        for (var i = 0; i < 40; i++)
        {
            var lines = Enumerable.Range(0, 30).Select(j => string.Create(CultureInfo.InvariantCulture, $"Allotment note {i}.{j}: plot {j * 7 + i} grew {i + j} marrows and the committee logged rainfall of {j + 3} mm."));
            await File.WriteAllTextAsync(Path.Combine(Sources, $"allotment-{i:00}.txt"), $"Allotment notes {i}\n\n" + string.Join(' ', lines));
        }

        var first = await KzBot("ask", Question);
        Assert.True(first.Code == 0, first.Stderr);
        var store = new SqliteConversationLog(new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = StoreFile })));
        var answer = await store.GetLatestAnswerAsync("console", "cli", DateTimeOffset.UnixEpoch, CancellationToken.None);
        await store.RecordFeedbackAsync(new FeedbackRecord(answer!.Id, "telegram", "42", 1, DateTimeOffset.UtcNow), CancellationToken.None);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Cuts the store to half its size, as a full disk or an interrupted copy would; returns the damaged file's hash.</summary>
    private string TruncateToHalf()
    {
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(StoreFile + "-wal") && new FileInfo(StoreFile + "-wal").Length > 0, "the store's log should have been folded into it");
        using (var file = new FileStream(StoreFile, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(file.Length / 2);
        }

        return Hash(StoreFile);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
