namespace KzBot.Core.Storage;

/// <summary>Embeddings keyed by model and chunk-text hash, what is still to embed, and the leases that keep one embedder at a time.</summary>
public interface IVectorStore : IStoreRole
{
    /// <summary>Stored vectors for the given content hashes and model; missing hashes are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetEmbeddingsAsync(string model, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken);

    Task SaveEmbeddingsAsync(string model, IReadOnlyDictionary<string, float[]> vectorsByTextHash, CancellationToken cancellationToken);

    /// <summary>Deletes stored vectors (of every model) whose text is in no current chunk; returns how many.</summary>
    Task<int> DeleteOrphanedEmbeddingsAsync(CancellationToken cancellationToken);

    /// <summary>How many distinct chunk texts there are, and how many of them have no vector for <paramref name="model"/>.</summary>
    Task<EmbeddingCoverage> GetEmbeddingCoverageAsync(string model, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="owner"/> until now + <paramref name="duration"/>,
    /// unless another owner holds it unexpired. Several processes may share one store; this is how they take turns.
    /// </summary>
    Task<LeaseResult> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="owner"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken);

    /// <summary>Every current chunk key with its text hash, in key order (for building the vector index).</summary>
    Task<IReadOnlyList<(long ChunkKey, string TextHash)>> ListChunkHashesAsync(CancellationToken cancellationToken);

    /// <summary>Distinct chunk texts that have no vector for <paramref name="model"/> yet: what an embedding pass must do.</summary>
    Task<IReadOnlyList<PendingEmbedding>> ListChunksWithoutEmbeddingAsync(string model, CancellationToken cancellationToken);

    /// <summary>Streams every current chunk's vector for <paramref name="model"/> in chunk-key order; returns how many.</summary>
    Task<int> ReadChunkVectorsAsync(string model, ChunkVectorSink sink, CancellationToken cancellationToken);
}
