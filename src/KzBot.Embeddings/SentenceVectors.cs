using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.AI;

namespace KzBot.Embeddings;

/// <summary>
/// The vectors of a chunk's sentences, for deciding whether one sentence answers a question on meaning alone.
/// The indexer stores them with the chunk, so the request path reads them; a chunk indexed before that (or
/// with <see cref="EmbeddingOptions.IndexSentenceVectors"/> off) has its sentences embedded on demand instead.
/// </summary>
public sealed class SentenceVectors(IVectorStore store, IEmbeddingGenerator<string, Embedding<float>> generator, SentenceVectorCache onDemand)
{
    private readonly string _key = KeyFor(generator.ModelId());

    /// <summary>
    /// The embeddings table keys vectors by model and text hash; sentence vectors of a chunk (all of them in one
    /// row, in <see cref="SentenceSplitter"/> order) live under a derived model name so they never collide with
    /// the chunk's own vector. The suffix changes whenever the splitter's boundaries do.
    /// </summary>
    public static string KeyFor(string model) => model + "/sentences-v1";

    /// <summary>Every sentence of <paramref name="chunks"/> with its vector, in chunk then sentence order.</summary>
    public async Task<IReadOnlyList<SentenceVector>> OfChunksAsync(IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken)
    {
        var stored = await store.GetEmbeddingsAsync(_key, chunks.Select(c => c.TextHash).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var sentences = new List<(StoredChunk Chunk, int Start, int Length, ReadOnlyMemory<float>? Vector)>();
        foreach (var chunk in chunks)
        {
            var spans = SentenceSplitter.Split(chunk.Text);
            // A row whose size does not fit the split (a store from another splitter version) counts as missing.
            var row = stored.GetValueOrDefault(chunk.TextHash);
            var usable = spans.Count > 0 && row is { Length: > 0 } && row.Length % spans.Count == 0;
            for (var i = 0; i < spans.Count; i++)
            {
                // Not "usable ? row.AsMemory(..) : null": null would convert through float[] to an empty Memory.
                ReadOnlyMemory<float>? vector = null;
                if (usable)
                {
                    var d = row!.Length / spans.Count;
                    vector = row.AsMemory(i * d, d);
                }

                sentences.Add((chunk, spans[i].Start, spans[i].Length, vector));
            }
        }

        var missing = sentences.Where(s => s.Vector is null).Select(s => s.Chunk.Text.Substring(s.Start, s.Length)).ToList();
        var embedded = missing.Count == 0 ? [] : await onDemand.GetAsync(missing, cancellationToken);
        var next = 0;
        return sentences
            .Select(s => new SentenceVector(s.Chunk, s.Start, s.Length, s.Vector ?? embedded[next++]))
            .ToList();
    }
}

/// <summary>One sentence of a stored chunk (offsets within the chunk's text) and its unit vector.</summary>
public sealed record SentenceVector(StoredChunk Chunk, int Start, int Length, ReadOnlyMemory<float> Vector);
