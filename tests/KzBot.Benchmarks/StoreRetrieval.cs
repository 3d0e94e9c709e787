using System.Diagnostics;
using System.Globalization;
using System.Text;
using KzBot.Core.Answering;
using KzBot.Core.Retrieval;
using KzBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KzBot.Benchmarks;

/// <summary>
/// Retrieval at ~150,000 chunks on one storage engine: the BBC articles replicated (as the scale benchmark does)
/// beside the seeds, indexed fresh into SQLite or PostgreSQL (BM25 only: vectors live in process on both
/// engines, so the engines differ in the full-text candidates alone), then the fixed question files through
/// the real <see cref="LexicalRetriever"/> and <see cref="QuestionAnswerer"/>, after one unmeasured round.
/// </summary>
public static class StoreRetrieval
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] argv)
    {
        var args = BenchArgs.Parse(argv);
        var store = BenchArgs.Option(argv, "--store")?.ToLowerInvariant() ?? "sqlite";
        if (store is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException($"--store is sqlite or postgres, not {store}");
        }

        var connection = BenchArgs.Option(argv, "--connection");
        if (connection is not null && store == "sqlite")
        {
            throw new ArgumentException("--connection names a PostgreSQL database: use it with --store postgres");
        }

        var dump = BenchArgs.Option(argv, "--dump");
        var files = BenchArgs.Options(argv, "--questions") is { Count: > 0 } given ? given : ["tests/eval/questions.jsonl", "tests/eval/bbc.test.jsonl"];
        var questions = files.SelectMany(f => File.ReadLines(f).Where(l => l.Trim().Length > 0).Select(AnswerLatency.ParseQuestion)).ToList();
        var articles = BbcCorpus.Load(args.Csv);

        // Its own folder under --work, never the folder itself: the run deletes what it finds there.
        var work = Path.Combine(args.Work, "store-" + store);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var sources = Path.Combine(work, "sources");
        var copies = await CopiesForAsync(articles, args, work, sources);
        BbcCorpus.Export(articles, sources, 1, copies - 1);

        if (store == "sqlite")
        {
            return await MeasureAsync("SQLite", new() { ["Storage:Path"] = Path.Combine(work, "store.db") }, args, copies, articles.Count, questions, sources, work, dump);
        }

        if (connection is not null)
        {
            await RequireEmptyAsync(connection);
            return await MeasureAsync("PostgreSQL", Postgres(connection), args, copies, articles.Count, questions, sources, work, dump);
        }

        // Without --connection: a throw-away cluster on a loopback port, as the PostgreSQL tests start one.
        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            return await MeasureAsync("PostgreSQL", Postgres(await server.CreateDatabaseAsync()), args, copies, articles.Count, questions, sources, work, dump);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Postgres(string connection) =>
        new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = connection };

    private static async Task<int> MeasureAsync(
        string engine,
        Dictionary<string, string?> settings,
        BenchArgs args,
        int copies,
        int articles,
        IReadOnlyList<(string Id, string Question)> questions,
        string sources,
        string work,
        string? dump)
    {
        Console.WriteLine($"{engine}: {copies} copies of {articles} articles + seeds; {questions.Count} questions × {args.Rounds} rounds; load average {Machine.LoadAverage()}");
        using var host = BenchHost.Build(settings, sources, "None");
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var indexed = await BenchHost.ReloadAsync(host);
        var indexSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var indexCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        var loadAfterIndexing = Machine.LoadAverage();
        Console.WriteLine(string.Create(Ci, $"indexed {indexed.Chunks:N0} chunks in {indexSeconds:F0} s ({indexCpu:F0} s CPU in this process); load average {loadAfterIndexing}"));

        var retriever = host.Services.GetRequiredService<LexicalRetriever>();
        var answerer = host.Services.GetRequiredService<QuestionAnswerer>();
        var ct = CancellationToken.None;

        // One unmeasured round: JIT, the lexicon, term statistics and the engine's page cache, as a bot that has been serving.
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        started = Stopwatch.GetTimestamp();
        foreach (var (id, question) in questions)
        {
            await retriever.RetrieveAsync(question, 6, ct);
            answers[id] = AnswerLatency.Describe(question, await AnswerLatency.AnswerAsync(answerer, question));
        }

        Console.WriteLine(string.Create(Ci, $"unmeasured round: {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
        List<double> retrieval = [], answering = [];
        cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        for (var round = 0; round < args.Rounds; round++)
        {
            foreach (var (_, question) in questions)
            {
                var t = Stopwatch.GetTimestamp();
                await retriever.RetrieveAsync(question, 6, ct);
                retrieval.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);

                t = Stopwatch.GetTimestamp();
                await AnswerLatency.AnswerAsync(answerer, question);
                answering.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }

        // Process CPU shows what a busy machine cannot stretch, when other load swamps the wall-clock percentiles.
        var cpuPerQuestion = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / Math.Max(1, retrieval.Count);
        var refused = answers.Values.Count(a => a.Contains("\"refused\":true", StringComparison.Ordinal));
        var row = string.Create(Ci, $"| {engine} | {indexed.Chunks:N0} | {indexSeconds:F0} s ({indexed.Chunks / indexSeconds:F0} chunks/s) | {Percentiles.Of(retrieval)} | {Percentiles.Of(answering)} | {cpuPerQuestion:F0} ms | {answers.Count - refused} / {refused} | {loadAfterIndexing} → {Machine.LoadAverage()} |");
        var table = new StringBuilder()
            .AppendLine("| engine | chunks | fresh index (BM25) | lexical retrieval p50/p95/p99 ms | answer p50/p95/p99 ms | CPU per retrieval + answer | answered / refused | load average (1/5/15 min) |")
            .AppendLine("|---|---|---|---|---|---|---|---|")
            .AppendLine(row)
            .ToString();
        Console.Write(table);
        await File.WriteAllTextAsync(Path.Combine(work, "results.md"), table);
        if (dump is not null)
        {
            await File.WriteAllLinesAsync(dump, answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value));
            Console.WriteLine($"answers written to {dump}");
        }

        return 0;
    }

    /// <summary>How many copies reach --target-chunks: one copy and the seeds indexed into a scratch SQLite store
    /// give the chunks per copy (chunking does not depend on the engine).</summary>
    private static async Task<int> CopiesForAsync(IReadOnlyList<BbcCorpus.Article> articles, BenchArgs args, string work, string sources)
    {
        BbcCorpus.Export(articles, sources, 0, 1);
        BenchHost.CopySeeds(args.Seeds, sources);
        using var host = BenchHost.Build(Path.Combine(work, "count.db"), sources, "None");
        var once = await BenchHost.ReloadAsync(host);
        return Math.Max(1, (int)Math.Ceiling(args.TargetChunks / (double)once.Chunks));
    }

    /// <summary>The run indexes its own corpus, which would replace whatever a given database holds.</summary>
    private static async Task RequireEmptyAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT CASE WHEN to_regclass('documents') IS NULL THEN 0 ELSE (SELECT count(*) FROM documents) END", connection);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(), Ci) > 0)
        {
            throw new InvalidOperationException("store-retrieval indexes its own corpus: give it an empty database, not one that holds documents.");
        }
    }
}
