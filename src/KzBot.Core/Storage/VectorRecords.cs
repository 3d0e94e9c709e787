namespace KzBot.Core.Storage;

/// <summary>Chunk text still to be embedded, keyed by its content hash (identical texts are embedded once).</summary>
public sealed record PendingEmbedding(string TextHash, string Text);

/// <summary>How many documents are indexed, and a few titles to name in a refusal.</summary>
public sealed record DocumentSummary(int Count, IReadOnlyList<string> SampleTitles);

/// <summary>Receives one stored vector; the span is only valid during the call (it is reused for the next row).</summary>
public delegate void ChunkVectorSink(long chunkKey, ReadOnlySpan<float> vector);

/// <summary>Distinct chunk texts, and how many of them still have no vector for one model.</summary>
public sealed record EmbeddingCoverage(int Texts, int Missing)
{
    public int Done => Texts - Missing;
}

/// <summary>Whether a lease was taken; otherwise who holds it and until when.</summary>
public sealed record LeaseResult(bool Acquired, string Holder, DateTimeOffset Expires);
