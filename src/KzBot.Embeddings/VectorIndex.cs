using System.Numerics.Tensors;
using KzBot.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KzBot.Embeddings;

/// <summary>
/// Every chunk's vector in one contiguous matrix, searched by brute force (cosine, as vectors are unit length):
/// a scan of int8 codes, then the shortlist rescored at half precision. At 150,000 chunks × 384 dimensions the scan
/// reads 58 MB, a few milliseconds, so no approximate index is needed at this scale. Loaded on first use,
/// reloaded after a reload.
/// </summary>
public sealed class VectorIndex(ICorpusStore corpus, IVectorStore store, IEmbeddingGenerator<string, Embedding<float>> generator, ILogger<VectorIndex> logger)
{
    // One thread scans a few hundred thousand int8 rows in milliseconds. Splitting the scan across a small pool
    // helps the median but hurts the tail (a part waits for a busy worker), so only far larger indexes are split.
    private const int ParallelThreshold = 400_000;
    private const int MaxParts = 8;

    // The int8 shortlist holds this many times the rows asked for (and at least MinShortlist) before rescoring.
    private const int Oversampling = 4;
    private const int MinShortlist = 64;

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

            // Every caller waits for the new snapshot now, so the old one only costs memory while this loads.
            _snapshot = null;
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
        // The chunk count sizes the arrays up front, so loading never holds two copies of them.
        var capacity = (int)Math.Max(16, (await corpus.GetTermStatisticsAsync([], cancellationToken)).ChunkCount);
        var builder = new VectorSnapshot.Builder(capacity);
        await store.ReadChunkVectorsAsync(_model, builder.Add, cancellationToken);
        return builder.Build();
    }

    /// <summary>The <paramref name="top"/> chunks most similar to <paramref name="query"/>, best first.</summary>
    public static IReadOnlyList<VectorHit> Search(VectorSnapshot snapshot, ReadOnlyMemory<float> query, int top)
    {
        if (snapshot.Count == 0 || query.Length != snapshot.Dimensions || top <= 0)
        {
            return [];
        }

        // Rank every row on its int8 codes, then rescore the leaders at half precision: the shortlist is wide
        // enough that quantisation error (about 0.005 in cosine) never pushes a true top-k row out of it.
        var codes = new sbyte[snapshot.Dimensions];
        Int8Vectors.Quantize(query.Span, codes);
        var wide = Int8Vectors.Widen(codes);
        var shortlist = Math.Min(snapshot.Count, Math.Max(top * Oversampling, MinShortlist));
        var parts = snapshot.Count < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, MaxParts);
        var candidates = new List<int>[parts];
        var size = (snapshot.Count + parts - 1) / parts;
        if (parts == 1)
        {
            candidates[0] = ShortlistOfRange(snapshot, wide, 0, snapshot.Count, shortlist);
        }
        else
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
                candidates[p] = ShortlistOfRange(snapshot, wide, p * size, Math.Min(snapshot.Count, (p + 1) * size), shortlist));
        }

        return candidates.SelectMany(rows => rows)
            .Select(row => new VectorHit(snapshot.Keys[row], snapshot.Similarity(row, query.Span)))
            .OrderByDescending(h => h.Similarity)
            .Take(top)
            .ToList();
    }

    private static List<int> ShortlistOfRange(VectorSnapshot snapshot, short[] query, int from, int to, int count)
    {
        var heap = new PriorityQueue<int, float>(count + 1);
        var d = snapshot.Dimensions;
        var codes = snapshot.Codes.AsSpan();
        var scales = snapshot.Scales;
        for (var row = from; row < to; row++)
        {
            var score = Int8Vectors.Dot(codes.Slice(row * d, d), query) * scales[row];
            if (heap.Count < count)
            {
                heap.Enqueue(row, score);
            }
            else if (heap.TryPeek(out _, out var worst) && score > worst)
            {
                heap.DequeueEnqueue(row, score);
            }
        }

        var rows = new List<int>(heap.Count);
        while (heap.TryDequeue(out var row, out _))
        {
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>
/// An immutable view of the index: a search keeps using it while a reload builds the next one. Each row is kept
/// twice: int8 codes for the scan and half-precision values (error ~0.0005) for rescoring the shortlist. Not
/// float32: at 150,000 × 384 that copy alone would be 232 MB; half precision is 116 MB.
/// </summary>
public sealed class VectorSnapshot
{
    private VectorSnapshot(long[] keys, sbyte[] codes, float[] scales, Half[] values, int count, int dimensions)
    {
        Keys = keys;
        Codes = codes;
        Scales = scales;
        Values = values;
        Count = count;
        Dimensions = dimensions;
    }

    public long[] Keys { get; }

    public int Count { get; }

    public int Dimensions { get; }

    internal sbyte[] Codes { get; }

    internal float[] Scales { get; }

    internal Half[] Values { get; }

    /// <summary>A snapshot of <paramref name="count"/> rows of a row-major matrix (tests and benchmarks).</summary>
    public static VectorSnapshot FromMatrix(float[] matrix, long[] keys, int count, int dimensions)
    {
        var builder = new Builder(count);
        for (var row = 0; row < count; row++)
        {
            builder.Add(keys[row], matrix.AsSpan(row * dimensions, dimensions));
        }

        return builder.Build();
    }

    /// <summary>Cosine similarity of one row to a unit query, from the half-precision copy.</summary>
    internal float Similarity(int row, ReadOnlySpan<float> query)
    {
        Span<float> values = Dimensions <= 4096 ? stackalloc float[Dimensions] : new float[Dimensions];
        TensorPrimitives.ConvertToSingle(Values.AsSpan(row * Dimensions, Dimensions), values);
        return TensorPrimitives.Dot(query, values);
    }

    /// <summary>Collects rows as the store streams them; rows of another size than the first are skipped.</summary>
    public sealed class Builder(int capacity)
    {
        private long[] _keys = new long[Math.Max(1, capacity)];
        private sbyte[] _codes = [];
        private float[] _scales = [];
        private Half[] _values = [];
        private int _count;
        private int _dimensions;

        public void Add(long key, ReadOnlySpan<float> vector)
        {
            if (_dimensions == 0)
            {
                _dimensions = vector.Length;
                _codes = new sbyte[_keys.Length * _dimensions];
                _scales = new float[_keys.Length];
                _values = new Half[_keys.Length * _dimensions];
            }

            if (vector.Length != _dimensions || _dimensions == 0)
            {
                return;
            }

            if (_count == _keys.Length)
            {
                Array.Resize(ref _keys, _count * 2);
                Array.Resize(ref _scales, _count * 2);
                Array.Resize(ref _codes, _count * 2 * _dimensions);
                Array.Resize(ref _values, _count * 2 * _dimensions);
            }

            _scales[_count] = Int8Vectors.Quantize(vector, _codes.AsSpan(_count * _dimensions, _dimensions));
            TensorPrimitives.ConvertToHalf(vector, _values.AsSpan(_count * _dimensions, _dimensions));
            _keys[_count++] = key;
        }

        public VectorSnapshot Build() => new(_keys, _codes, _scales, _values, _count, _dimensions);
    }
}

/// <summary>One nearest neighbour: chunk key and cosine similarity.</summary>
public sealed record VectorHit(long ChunkKey, float Similarity);
