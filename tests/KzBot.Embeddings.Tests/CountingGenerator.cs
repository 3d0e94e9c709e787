using Microsoft.Extensions.AI;

namespace KzBot.Embeddings.Tests;

/// <summary>
/// Wraps a generator (or, without one, hashes words into a unit vector) and counts the texts it is asked to embed,
/// so tests can see when the model is, and is not, consulted.
/// </summary>
public sealed class CountingGenerator(IEmbeddingGenerator<string, Embedding<float>>? inner = null) : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _texts;

    public int Texts => Volatile.Read(ref _texts);

    public List<string> Seen { get; } = [];

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = values.ToList();
        Interlocked.Add(ref _texts, list.Count);
        lock (Seen)
        {
            Seen.AddRange(list);
        }

        return inner is not null
            ? await inner.GenerateAsync(list, options, cancellationToken)
            : new GeneratedEmbeddings<Embedding<float>>(list.Select(t => new Embedding<float>(HashVector(t))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? inner?.GetService(serviceType, serviceKey) ?? new EmbeddingGeneratorMetadata("test", null, "hashed-words", 64) : null;

    public void Dispose()
    {
    }

    private static float[] HashVector(string text)
    {
        var v = new float[64];
        foreach (var w in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            v[(int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(w) % 64)] += 1;
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        }

        return v;
    }
}
