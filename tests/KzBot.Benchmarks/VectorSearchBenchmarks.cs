using BenchmarkDotNet.Attributes;
using KzBot.Embeddings;

namespace KzBot.Benchmarks;

/// <summary>The brute-force vector search kernel on random unit vectors, at the sizes the README reports.</summary>
[MemoryDiagnoser]
public class VectorSearchBenchmarks
{
    private VectorSnapshot _snapshot = null!;
    private float[] _query = [];

    [Params(1_500, 15_000, 150_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int d = 384;
        var random = new Random(42);
        var matrix = new float[Rows * d];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = (float)(random.NextDouble() - 0.5);
        }

        for (var r = 0; r < Rows; r++)
        {
            var row = matrix.AsSpan(r * d, d);
            System.Numerics.Tensors.TensorPrimitives.Divide(row, System.Numerics.Tensors.TensorPrimitives.Norm(row), row);
        }

        _snapshot = VectorSnapshot.FromMatrix(matrix, Enumerable.Range(0, Rows).Select(i => (long)i).ToArray(), Rows, d);
        _query = matrix.AsSpan(0, d).ToArray();
    }

    [Benchmark]
    public int Top30() => VectorIndex.Search(_snapshot, _query, 30).Count;
}
