using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace KzBot.Embeddings;

/// <summary>
/// Vectors of single sentences embedded when a question first needs them and kept in memory: the fallback for
/// chunks whose sentence vectors were not stored at indexing (see <see cref="SentenceVectors"/>).
/// </summary>
public sealed class SentenceVectorCache(IEmbeddingGenerator<string, Embedding<float>> generator)
{
    // ~1.5 KB a sentence: the cap keeps the cache near 30 MB however long the bot runs.
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<float[]>> GetAsync(IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        var missing = sentences.Where(s => !_vectors.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var embedded = await generator.GenerateAsync(missing, null, cancellationToken);
            if (_vectors.Count + missing.Count > Capacity)
            {
                _vectors.Clear();
            }

            for (var i = 0; i < missing.Count; i++)
            {
                _vectors[missing[i]] = embedded[i].Vector.ToArray();
            }
        }

        return sentences.Select(s => _vectors.TryGetValue(s, out var v) ? v : []).ToList();
    }
}
