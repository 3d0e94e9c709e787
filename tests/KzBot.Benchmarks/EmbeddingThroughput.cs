using System.Diagnostics;
using System.Globalization;
using System.Text;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using KzBot.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Benchmarks;

/// <summary>
/// Indexing throughput against the model's own: the indexer's embedding pass over the BBC articles, then the same
/// model instance on exactly the texts that pass embedded (every distinct chunk text and sentence), called
/// directly in length-sorted batches, before and after the pass so load on the machine hits both alike.
/// </summary>
public static class EmbeddingThroughput
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(BenchArgs args, int articleCount)
    {
        if (Directory.Exists(args.Work))
        {
            Directory.Delete(args.Work, recursive: true);
        }

        var articles = BbcCorpus.Load(args.Csv);
        if (articleCount > 0)
        {
            articles = articles.Take(articleCount).ToList();
        }

        var sources = Path.Combine(args.Work, "sources");
        BbcCorpus.Export(articles, sources, 0, 1);
        var report = new StringBuilder();
        void Say(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        Say($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {articles.Count} articles; {DateTime.UtcNow:u}");

        var bm25 = Stopwatch.StartNew();
        using (var lexical = BenchHost.Build(Path.Combine(args.Work, "bm25.db"), sources, "None"))
        {
            await BenchHost.ReloadAsync(lexical);
        }

        var bm25Seconds = bm25.Elapsed.TotalSeconds;

        using var host = BenchHost.Build(Path.Combine(args.Work, "bench.db"), sources, "Local");
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var corpus = host.Services.GetRequiredService<ICorpusStore>();
        var vectors = host.Services.GetRequiredService<IVectorStore>();
        var backfill = host.Services.GetRequiredService<EmbeddingBackfill>();

        // The model loaded and run once before anything is timed, so neither side pays the load.
        await generator.GenerateAsync(["warm up"], null, CancellationToken.None);

        var full = Stopwatch.StartNew();
        var cpu = Cpu();
        var indexed = await BenchHost.ReloadAsync(host);
        var fullSeconds = full.Elapsed.TotalSeconds;
        var passCpu = Cpu() - cpu;
        var pass = backfill.Status.Progress ?? throw new InvalidOperationException("The embedding pass reported no progress.");

        var texts = await TextsOfThePassAsync(corpus, vectors);
        if (texts.Count != pass.Done)
        {
            Say($"note: the pass embedded {pass.Done} texts, the store's distinct chunk texts and sentences are {texts.Count}");
        }

        cpu = Cpu();
        var rawBefore = await RawAsync(generator, texts);
        var rawAfter = await RawAsync(generator, texts);
        var rawCpu = (Cpu() - cpu) / 2;
        var raw = texts.Count / ((rawBefore + rawAfter) / 2);
        var passRate = pass.Done / pass.Elapsed.TotalSeconds;
        var beyondBm25 = pass.Done / Math.Max(1e-3, fullSeconds - bm25Seconds);

        Say("");
        // CPU seconds as well as wall time: on a shared machine the wall time of identical runs varies by tens of
        // per cent, the work the process does much less.
        Say("| embedding throughput | texts | time | texts/s | share of the model's own | CPU s | share by CPU |");
        Say("|---|---|---|---|---|---|---|");
        Say(string.Create(Ci, $"| model alone, same texts, same batches (before / after the pass) | {texts.Count:N0} | {rawBefore:F1} / {rawAfter:F1} s | {raw:F1} | 100 % | {rawCpu:F1} | 100 % |"));
        Say(string.Create(Ci, $"| indexer's embedding pass (read, split, embed, save) | {pass.Done:N0} | {pass.Elapsed.TotalSeconds:F1} s | {passRate:F1} | {passRate / raw:P1} | {passCpu:F1} | {rawCpu / passCpu * pass.Done / texts.Count:P1} |"));
        Say(string.Create(Ci, $"| whole `index` with embeddings minus BM25-only `index` | {pass.Done:N0} | {fullSeconds - bm25Seconds:F1} s ({fullSeconds:F1} − {bm25Seconds:F1}) | {beyondBm25:F1} | {beyondBm25 / raw:P1} | | |"));
        Say(string.Create(Ci, $"| chunks indexed / distinct chunk texts + sentences | {indexed.Chunks:N0} / {texts.Count:N0} | | | |"));
        await File.WriteAllTextAsync(Path.Combine(args.Work, "embedding-throughput.md"), report.ToString());
        return 0;
    }

    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Every distinct chunk text and sentence in the store: what one full pass has to embed.</summary>
    private static async Task<List<string>> TextsOfThePassAsync(ICorpusStore corpus, IVectorStore vectors)
    {
        var keys = (await vectors.ListChunkHashesAsync(CancellationToken.None)).DistinctBy(h => h.TextHash).Select(h => h.ChunkKey).ToList();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in await corpus.GetChunksAsync(keys, CancellationToken.None))
        {
            texts.Add(chunk.Text);
            foreach (var (start, length) in SentenceSplitter.Split(chunk.Text))
            {
                texts.Add(chunk.Text.Substring(start, length));
            }
        }

        return [.. texts.OrderBy(t => t.Length)];
    }

    /// <summary>Seconds the model takes for <paramref name="texts"/> (length-sorted) in the indexer's batches: ≤ 32 texts, ≤ 4,000 characters.</summary>
    private static async Task<double> RawAsync(IEmbeddingGenerator<string, Embedding<float>> generator, List<string> texts)
    {
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < texts.Count;)
        {
            var count = 0;
            for (var chars = 0; start + count < texts.Count && count < 32 && (count == 0 || chars + texts[start + count].Length <= 4_000); count++)
            {
                chars += texts[start + count].Length;
            }

            await generator.GenerateAsync(texts.GetRange(start, count), null, CancellationToken.None);
            start += count;
        }

        return watch.Elapsed.TotalSeconds;
    }
}
