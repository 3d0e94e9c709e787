using System.Numerics.Tensors;
using KzBot.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KzBot.Embeddings;

/// <summary>
/// Every chunk's vector in one contiguous matrix, searched by brute-force dot product (cosine, as vectors are
/// unit length). 150,000 chunks × 384 floats is 230 MB and one pass over it takes a few milliseconds on two
/// cores, so no approximate index is needed at this scale. Loaded on first use, reloaded after a reload.
/// </summary>
public sealed class VectorIndex(IKnowledgeStore store, IEmbeddingGenerator<string, Embedding<float>> generator, ILogger<VectorIndex> logger)
{
    // Below this many rows one thread is faster than handing work to the pool.
    private const int ParallelThreshold = 20_000;

    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly string _model = generator.ModelId();
    private volatile VectorSnapshot? _snapshot;
    private volatile bool _stale = true;

    public bool IsLoaded => _snapshot is not null && !_stale;

    /// <summary>Marks the index out of date; the next search reloads it from the store.</summary>
    public void Invalidate() => _stale = true;

    public async ValueTask<VectorSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (!_stale && _snapshot is { } current)
        {
            return current;
        }

        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            if (!_stale && _snapshot is { } loaded)
            {
                return loaded;
            }

            _stale = false;
            var started = TimeProvider.System.GetTimestamp();
            var snapshot = await LoadAsync(cancellationToken);
            _snapshot = snapshot;
            logger.LogInformation("Vector index: {Rows} chunks loaded in {ElapsedMs:F0} ms", snapshot.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            return snapshot;
        }
        catch
        {
            _stale = true;
            throw;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task<VectorSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        // The chunk count sizes the matrix up front, so loading never holds two copies of it.
        var capacity = (int)Math.Max(16, (await store.GetTermStatisticsAsync([], cancellationToken)).ChunkCount);
        var dimensions = 0;
        float[] matrix = [];
        var keys = new long[capacity];
        var rows = 0;
        await store.ReadChunkVectorsAsync(
            _model,
            (key, vector) =>
            {
                if (dimensions == 0)
                {
                    dimensions = vector.Length;
                    matrix = new float[capacity * dimensions];
                }

                if (vector.Length != dimensions)
                {
                    return;
                }

                if (rows == keys.Length)
                {
                    Array.Resize(ref keys, rows * 2);
                    Array.Resize(ref matrix, rows * 2 * dimensions);
                }

                vector.CopyTo(matrix.AsSpan(rows * dimensions, dimensions));
                keys[rows++] = key;
            },
            cancellationToken);
        return new VectorSnapshot(matrix, keys, rows, dimensions);
    }

    /// <summary>The <paramref name="top"/> chunks most similar to <paramref name="query"/>, best first.</summary>
    public static IReadOnlyList<VectorHit> Search(VectorSnapshot snapshot, ReadOnlyMemory<float> query, int top)
    {
        if (snapshot.Count == 0 || query.Length != snapshot.Dimensions)
        {
            return [];
        }

        var parts = snapshot.Count < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, 8);
        var partial = new List<VectorHit>[parts];
        var size = (snapshot.Count + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            partial[p] = TopOfRange(snapshot, query.Span, p * size, Math.Min(snapshot.Count, (p + 1) * size), top));
        return partial.SelectMany(x => x).OrderByDescending(h => h.Similarity).Take(top).ToList();
    }

    private static List<VectorHit> TopOfRange(VectorSnapshot snapshot, ReadOnlySpan<float> query, int from, int to, int top)
    {
        var heap = new PriorityQueue<int, float>(top + 1);
        var d = snapshot.Dimensions;
        var matrix = snapshot.Matrix.AsSpan();
        for (var row = from; row < to; row++)
        {
            var score = TensorPrimitives.Dot(query, matrix.Slice(row * d, d));
            if (heap.Count < top)
            {
                heap.Enqueue(row, score);
            }
            else if (heap.TryPeek(out _, out var worst) && score > worst)
            {
                heap.DequeueEnqueue(row, score);
            }
        }

        var hits = new List<VectorHit>(heap.Count);
        while (heap.TryDequeue(out var row, out var score))
        {
            hits.Add(new VectorHit(snapshot.Keys[row], score));
        }

        return hits;
    }
}

/// <summary>An immutable view of the index: a search keeps using it while a reload builds the next one.</summary>
public sealed record VectorSnapshot(float[] Matrix, long[] Keys, int Count, int Dimensions)
{
    private readonly Lazy<Dictionary<long, int>> _rowByKey = new(() =>
    {
        var map = new Dictionary<long, int>(Count);
        for (var i = 0; i < Count; i++)
        {
            map[Keys[i]] = i;
        }

        return map;
    });

    /// <summary>Cosine similarity of one chunk to the query, or null when the chunk has no vector yet.</summary>
    public float? Similarity(long chunkKey, ReadOnlySpan<float> query) =>
        query.Length == Dimensions && _rowByKey.Value.TryGetValue(chunkKey, out var row)
            ? TensorPrimitives.Dot(query, Matrix.AsSpan(row * Dimensions, Dimensions))
            : null;
}

/// <summary>One nearest neighbour: chunk key and cosine similarity.</summary>
public sealed record VectorHit(long ChunkKey, float Similarity);
