using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using KzBot.Core.Storage;
using KzBot.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Benchmarks;

/// <summary>
/// How much the int8 scan loses against exact float32 brute force on a real store: recall of the top 30 and
/// latency of both, for the evaluation questions and for stored chunks used as queries.
/// </summary>
public static class VectorRecall
{
    private const int Top = 30;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        using var host = BenchHost.Build(Path.Combine(args.Work, "bench.db"), Path.Combine(args.Work, "sources"), "Local");
        var snapshot = await host.Services.GetRequiredService<VectorIndex>().GetAsync(CancellationToken.None);
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        // The stored float32 vectors, for exact search to compare against (the index keeps int8 and half).
        var exactRows = new List<float>(snapshot.Count * snapshot.Dimensions);
        var exactKeys = new List<long>(snapshot.Count);
        await host.Services.GetRequiredService<IVectorStore>().ReadChunkVectorsAsync(
            generator.ModelId(),
            (key, vector) =>
            {
                exactKeys.Add(key);
                foreach (var x in vector)
                {
                    exactRows.Add(x);
                }
            },
            CancellationToken.None);
        var exact = new ExactRows(exactRows.ToArray(), exactKeys.Count, snapshot.Dimensions);
        var questions = File.ReadLines(args.Questions).Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        var queries = (await generator.GenerateAsync(questions, KzBot.Embeddings.EmbeddingPurpose.Query())).Select(e => e.Vector.ToArray()).ToList();
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            queries.Add(exact.Row(random.Next(exact.Count)).ToArray());
        }

        Measure(snapshot, exact, queries, args.Rounds, "all rows");

        // The replicated corpus repeats every vector ~39 times, so its top 30 are a few distinct texts; recall is
        // also measured over the distinct vectors, where every rank is a different text.
        var distinct = Distinct(exact, exactKeys);
        Measure(VectorSnapshot.FromMatrix(distinct.Matrix, Enumerable.Range(0, distinct.Count).Select(i => (long)i).ToArray(), distinct.Count, distinct.Dimensions), distinct, queries, 1, "distinct rows");
        return 0;
    }

    private static void Measure(VectorSnapshot snapshot, ExactRows rows, List<float[]> queries, int rounds, string label)
    {
        List<double> exactMs = [], int8Ms = [];
        double recall = 0;
        var sameBest = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var q in queries)
            {
                var t = Stopwatch.GetTimestamp();
                var exact = Exact(rows, q);
                exactMs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                t = Stopwatch.GetTimestamp();
                var fast = VectorIndex.Search(snapshot, q, Top);
                int8Ms.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (round == 0)
                {
                    // Replicated articles give many rows the same vector: compare similarities, not keys. Returned
                    // similarities come from half precision, so "the same" allows its rounding (~0.0005).
                    var threshold = exact[^1];
                    recall += fast.Count(h => h.Similarity >= threshold - 1e-3f) / (double)Top;
                    sameBest += Math.Abs(fast[0].Similarity - exact[0]) < 1e-3f ? 1 : 0;
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {snapshot.Count:N0} rows × {snapshot.Dimensions}, {queries.Count} queries (questions + 100 stored chunks), {rounds} rounds"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recall@{Top} of int8 scan + half-precision rescoring: {recall / queries.Count:P2}; same best hit: {sameBest}/{queries.Count}"));
        Console.WriteLine($"exact float32 scan, 1 thread p50/p95/p99 ms: {Percentiles.Of(exactMs)}");
        Console.WriteLine($"VectorIndex.Search (int8 + rescoring) p50/p95/p99 ms: {Percentiles.Of(int8Ms)}");
    }

    private static ExactRows Distinct(ExactRows rows, List<long> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<float>();
        for (var row = 0; row < rows.Count; row++)
        {
            var vector = rows.Row(row);
            if (seen.Add(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector))))
            {
                distinct.AddRange(vector);
            }
        }

        return new ExactRows(distinct.ToArray(), distinct.Count / rows.Dimensions, rows.Dimensions);
    }

    private static float[] Exact(ExactRows rows, float[] query)
    {
        var scores = new float[rows.Count];
        for (var row = 0; row < rows.Count; row++)
        {
            scores[row] = TensorPrimitives.Dot(query, rows.Row(row));
        }

        return scores.OrderDescending().Take(Top).ToArray();
    }

    private sealed record ExactRows(float[] Matrix, int Count, int Dimensions)
    {
        public ReadOnlySpan<float> Row(int row) => Matrix.AsSpan(row * Dimensions, Dimensions);
    }
}
