using System.Numerics.Tensors;

namespace KzBot.Embeddings.Tests;

public class VectorSearchTests
{
    [Theory]
    [InlineData(384)]
    [InlineData(100)]
    [InlineData(7)]
    public void Int8_dot_product_matches_plain_arithmetic_at_every_length(int length)
    {
        var random = new Random(length);
        var row = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var query = Enumerable.Range(0, length).Select(_ => (short)random.Next(-127, 128)).ToArray();

        var expected = row.Zip(query, (a, b) => a * b).Sum();

        Assert.Equal(expected, Int8Vectors.Dot(row, query));
    }

    [Fact]
    public void The_portable_kernel_used_without_avx2_agrees_too()
    {
        var random = new Random(5);
        var row = Enumerable.Range(0, 384).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var query = Enumerable.Range(0, 384).Select(_ => (short)random.Next(-127, 128)).ToArray();

        var sum = Int8Vectors.DotPortable(row, query, out var done);

        Assert.Equal(384, done);
        Assert.Equal(row.Zip(query, (a, b) => a * b).Sum(), sum);
    }

    [Fact]
    public void Quantised_vectors_stay_within_half_a_step_of_the_original()
    {
        var vector = RandomUnitVectors(1, 384, seed: 3)[0];
        var codes = new sbyte[384];

        var scale = Int8Vectors.Quantize(vector, codes);

        Assert.All(Enumerable.Range(0, 384), i => Assert.InRange(codes[i] * scale - vector[i], -scale / 2 - 1e-7f, scale / 2 + 1e-7f));
        Assert.Equal(127, codes.Max(c => Math.Abs((int)c)));
    }

    [Fact]
    public void A_zero_vector_quantises_to_zero_instead_of_dividing_by_zero()
    {
        var codes = new sbyte[4] { 1, 1, 1, 1 };

        Assert.Equal(0f, Int8Vectors.Quantize(new float[4], codes));
        Assert.All(codes, c => Assert.Equal(0, c));
    }

    [Fact]
    public void Search_finds_the_same_nearest_chunks_as_exact_brute_force_with_near_exact_similarities()
    {
        const int rows = 5_000, d = 384, top = 30;
        var vectors = RandomUnitVectors(rows, d, seed: 11);
        var snapshot = VectorSnapshot.FromMatrix(vectors.SelectMany(v => v).ToArray(), Enumerable.Range(0, rows).Select(i => 1000L + i).ToArray(), rows, d);

        foreach (var query in RandomUnitVectors(20, d, seed: 12))
        {
            var exact = vectors.Select((v, i) => (Key: 1000L + i, Similarity: TensorPrimitives.Dot(query, v))).OrderByDescending(x => x.Similarity).Take(top).ToList();

            var hits = VectorIndex.Search(snapshot, query, top);

            // Similarities come from half-precision rows, within ~0.0005 of float32, so two rows closer than
            // that may swap places; the set found and every similarity must match.
            Assert.Equal(exact.Select(x => x.Key).Order(), hits.Select(h => h.ChunkKey).Order());
            var exactByKey = exact.ToDictionary(x => x.Key, x => x.Similarity);
            Assert.All(hits, h => Assert.Equal(exactByKey[h.ChunkKey], h.Similarity, 0.001f));
            Assert.Equal(hits.OrderByDescending(h => h.Similarity), hits);
        }
    }

    [Fact]
    public void Search_with_a_query_of_the_wrong_size_finds_nothing()
    {
        var snapshot = VectorSnapshot.FromMatrix([1, 0, 0, 0, 1, 0], [1, 2], 2, 3);

        Assert.Empty(VectorIndex.Search(snapshot, new float[] { 1, 0 }, 5));
    }

    private static float[][] RandomUnitVectors(int count, int d, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var v = Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
            vectors[i] = v;
        }

        return vectors;
    }
}
