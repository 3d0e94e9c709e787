using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KzBot.Core.Chat;
using KzBot.Core.Retrieval;
using KzBot.Embeddings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Benchmarks;

/// <summary>
/// Indexing throughput, query latency, memory and start-up at 1×, 10× and ~150,000 chunks of the BBC corpus.
/// One store grows through the sizes; replicated articles share chunk texts, so embeddings are computed for the
/// first copy only (as content-hash keying intends) while BM25 and the vector index hold every copy.
/// </summary>
public static class ScaleBenchmark
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        if (args.Reuse)
        {
            return await RunOnExistingAsync(args);
        }

        if (Directory.Exists(args.Work))
        {
            Directory.Delete(args.Work, recursive: true);
        }

        Directory.CreateDirectory(args.Work);
        var articles = BbcCorpus.Load(args.Csv);
        var questions = File.ReadLines(args.Questions).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        var sources = Path.Combine(args.Work, "sources");
        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        Say($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {articles.Count} articles; {DateTime.UtcNow:u}");
        BbcCorpus.Export(articles, sources, 0, 1);

        BenchHost.CopySeeds(args.Seeds, sources);

        // Indexing throughput at 1×: BM25 only, then with local embeddings, each into a fresh store.
        var (bm25Time, bm25Chunks) = await IndexFreshAsync(Path.Combine(args.Work, "bm25.db"), sources, "None");
        var db = Path.Combine(args.Work, "bench.db");
        var (localTime, localChunks) = await IndexFreshAsync(db, sources, "Local");
        var embedded = CountEmbeddings(db);
        var sentences = CountSentenceVectors(db);
        Say("");
        Say("| indexing 1× (1,557 articles) | time | documents/s | chunks/s | texts embedded |");
        Say("|---|---|---|---|---|");
        Say(string.Create(Ci, $"| BM25 only | {bm25Time:F1} s | {articles.Count / bm25Time:F0} | {bm25Chunks / bm25Time:F0} | 0 |"));
        Say(string.Create(Ci, $"| BM25 + local embeddings | {localTime:F1} s | {articles.Count / localTime:F1} | {localChunks / localTime:F1} | {embedded:N0} chunks + {sentences:N0} sentences ({(embedded + sentences) / Math.Max(1e-3, localTime - bm25Time):F0} texts/s beyond BM25) |"));

        using (var host = BenchHost.Build(db, sources, "Local"))
        {
            var started = Stopwatch.GetTimestamp();
            var again = await BenchHost.ReloadAsync(host);
            var reindex = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Say(string.Create(Ci, $"| re-index unchanged 1× | {reindex:F2} s | | | {CountEmbeddings(db) - embedded} (changes: {again.HasChanges}) |"));
        }

        var scales = args.Scales.Count > 0 ? args.Scales : [1, 10, (int)Math.Ceiling(args.TargetChunks / (double)localChunks)];
        Say("");
        Say("| size | chunks | add+index | BM25 p50/p95/p99 ms | hybrid as served p50/p95/p99 | share embedded | query embedding p50/p95/p99 | vector search p50/p95/p99 | full hybrid (both legs, always) p50/p95/p99 | end-to-end answer p50/p95/p99 | RSS now / peak MiB | host ready / warm s, serving RSS MiB |");
        Say("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var copies = 1;
        foreach (var scale in scales)
        {
            var started = Stopwatch.GetTimestamp();
            if (scale > copies)
            {
                BbcCorpus.Export(articles, sources, copies, scale - copies);
                copies = scale;
            }

            using var host = BenchHost.Build(db, sources, "Local");
            var indexed = await BenchHost.ReloadAsync(host);
            var addTime = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var row = await MeasureQueriesAsync(host, questions, args.Rounds);
            using var process = Process.GetCurrentProcess();
            var probe = await ProbeReadyAsync(db, sources);
            Say(string.Create(Ci, $"| {scale}× | {indexed.Chunks:N0} | {addTime:F0} s | {row.Bm25} | {row.Hybrid} | {row.EmbeddedShare:P0} | {row.Embedding} | {row.Vector} | {row.FullHybrid} | {row.EndToEnd} | {process.WorkingSet64 / 1048576.0:F0} / {process.PeakWorkingSet64 / 1048576.0:F0} | {probe} |"));
        }

        await File.WriteAllTextAsync(Path.Combine(args.Work, "results.md"), report.ToString());
        return 0;
    }

    /// <summary>Query latency, memory and start-up again on the store a previous run left (no re-indexing).</summary>
    private static async Task<int> RunOnExistingAsync(BenchArgs args)
    {
        var questions = File.ReadLines(args.Questions).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        var db = Path.Combine(args.Work, "bench.db");
        var sources = Path.Combine(args.Work, "sources");
        using var host = BenchHost.Build(db, sources, "Local");
        var indexed = await BenchHost.ReloadAsync(host);
        var row = await MeasureQueriesAsync(host, questions, args.Rounds);
        using var process = Process.GetCurrentProcess();
        var probe = await ProbeReadyAsync(db, sources);
        Console.WriteLine(string.Create(Ci, $"| existing | {indexed.Chunks:N0} | – | {row.Bm25} | {row.Hybrid} | {row.EmbeddedShare:P0} | {row.Embedding} | {row.Vector} | {row.FullHybrid} | {row.EndToEnd} | {process.WorkingSet64 / 1048576.0:F0} / {process.PeakWorkingSet64 / 1048576.0:F0} | {probe} |"));
        return 0;
    }

    private static async Task<(double Seconds, int Chunks)> IndexFreshAsync(string db, string sources, string embeddings)
    {
        using var host = BenchHost.Build(db, sources, embeddings);
        var started = Stopwatch.GetTimestamp();
        var report = await BenchHost.ReloadAsync(host);
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, report.Chunks);
    }

    /// <summary>Chunk texts with a vector (rows of the chunk model, not the per-chunk sentence rows).</summary>
    private static long CountEmbeddings(string db) => Scalar(db, "SELECT count(*) FROM embeddings WHERE model NOT LIKE '%/sentences%'");

    /// <summary>Sentence vectors stored at indexing (384 float32s each).</summary>
    private static long CountSentenceVectors(string db) => Scalar(db, "SELECT coalesce(sum(length(vector)), 0) / 1536 FROM embeddings WHERE model LIKE '%/sentences%'");

    private static long Scalar(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private sealed record QueryRow(Percentiles Bm25, Percentiles Hybrid, double EmbeddedShare, Percentiles Embedding, Percentiles Vector, Percentiles FullHybrid, Percentiles EndToEnd);

    private static async Task<QueryRow> MeasureQueriesAsync(IHost host, IReadOnlyList<string> questions, int rounds)
    {
        var sp = host.Services;
        var lexical = sp.GetRequiredService<LexicalRetriever>();
        var hybrid = sp.GetRequiredService<HybridRetriever>();
        var generator = sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var vectors = sp.GetRequiredService<VectorIndex>();
        var engine = sp.GetRequiredService<ChatEngine>();
        var ct = CancellationToken.None;

        // Warm-up, as a bot that has been serving for a while is: model and vector index loaded (the warm-up
        // service does that at start), methods through tiered JIT, SQLite pages cached. One unmeasured round;
        // nothing caches answers or query vectors, so every measured question still does all its work.
        var snapshot = await vectors.GetAsync(ct);
        foreach (var q in questions)
        {
            await hybrid.RetrieveAsync(q, 6, ct);
            await lexical.RetrieveAsync(q, 6, ct);
            VectorIndex.Search(snapshot, (await generator.GenerateAsync([q], KzBot.Embeddings.EmbeddingPurpose.Query(), ct))[0].Vector, 30);
            await engine.HandleAsync(new IncomingMessage { Platform = "bench", ChatId = "w", UserId = "w", IsDirect = true, Text = q }, ct);
        }

        List<double> bm25 = [], hyb = [], emb = [], vec = [], full = [], e2e = [];
        for (var r = 0; r < rounds; r++)
        {
            foreach (var q in questions)
            {
                var t = Stopwatch.GetTimestamp();
                await lexical.RetrieveAsync(q, 6, ct);
                bm25.Add(Ms(t));

                t = Stopwatch.GetTimestamp();
                await hybrid.RetrieveAsync(q, 6, ct);
                hyb.Add(Ms(t));

                t = Stopwatch.GetTimestamp();
                var qv = (await generator.GenerateAsync([q], KzBot.Embeddings.EmbeddingPurpose.Query(), ct))[0].Vector;
                emb.Add(Ms(t));
                var t2 = Stopwatch.GetTimestamp();
                VectorIndex.Search(snapshot, qv, 30);
                vec.Add(Ms(t2));

                // Both legs on every question, as if no question were lexically decisive: the worst case.
                t = Stopwatch.GetTimestamp();
                await lexical.SearchAsync(q, ct);
                var qv2 = (await generator.GenerateAsync([q], KzBot.Embeddings.EmbeddingPurpose.Query(), ct))[0].Vector;
                var hits = VectorIndex.Search(snapshot, qv2, 30);
                ReciprocalRankFusion.Fuse([hits.Select(h => h.ChunkKey).ToList()], 60);
                full.Add(Ms(t));

                t = Stopwatch.GetTimestamp();
                await engine.HandleAsync(new IncomingMessage { Platform = "bench", ChatId = "c", UserId = "u", IsDirect = true, Text = q }, ct);
                e2e.Add(Ms(t));
            }
        }

        var embeddedQueries = CountNonDecisive(questions, lexical, sp);
        return new QueryRow(Percentiles.Of(bm25), Percentiles.Of(hyb), embeddedQueries / (double)questions.Count, Percentiles.Of(emb), Percentiles.Of(vec), Percentiles.Of(full), Percentiles.Of(e2e));
    }

    private static int CountNonDecisive(IReadOnlyList<string> questions, LexicalRetriever lexical, IServiceProvider sp)
    {
        var decisive = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmbeddingOptions>>().Value.DecisiveEvidence;
        var count = 0;
        foreach (var q in questions)
        {
            var r = lexical.RetrieveAsync(q, 6, CancellationToken.None).GetAwaiter().GetResult();
            if (!(r.IsSufficient && r.Evidence >= decisive))
            {
                count++;
            }
        }

        return count;
    }

    private static async Task<string> ProbeReadyAsync(string db, string sources)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(ScaleBenchmark).Assembly.Location);
        psi.ArgumentList.Add("ready");
        psi.ArgumentList.Add(db);
        psi.ArgumentList.Add(sources);
        using var process = Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        _ = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var values = stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        return values.TryGetValue("ready_s", out var ready)
            ? $"{ready} / {values["warm_s"]}, {values["rss_mib"]}"
            : "failed: " + stdout.Trim();
    }

    private static double Ms(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
