using KzBot.Core.Ingestion;

namespace KzBot.Core.Storage;

/// <summary>
/// Everything KzBot keeps: documents, chunks and their lexical index, embeddings, answers, feedback, audit and
/// conversation context. SQLite by default; a shared PostgreSQL store is the planned second implementation.
/// </summary>
public interface IKnowledgeStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>Applies one reload in a single transaction: either every change lands, or none does.</summary>
    Task ApplyChangesAsync(IndexChangeSet changes, CancellationToken cancellationToken);

    /// <summary>Files that failed to read as their format, as the last reload left them (<see cref="IndexChangeSet.FailedSources"/>).</summary>
    Task<IReadOnlyList<FailedSource>> ListFailedSourcesAsync(CancellationToken cancellationToken);

    /// <summary>BM25 search. <paramref name="ftsQuery"/> must come from <see cref="Text.Terms.ToFtsQuery"/>, never raw user text.</summary>
    Task<IReadOnlyList<ScoredChunk>> SearchLexicalAsync(string ftsQuery, int top, CancellationToken cancellationToken);

    /// <summary>In how many chunks each term occurs (FTS5 tokenisation, so stemmed), plus the chunk count.</summary>
    Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> terms, CancellationToken cancellationToken);

    /// <summary>Every indexed term (FTS5 tokenisation, so stemmed) with the number of chunks holding it; cached until the next reload.</summary>
    Task<IReadOnlyList<VocabularyTerm>> GetVocabularyAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken);

    /// <summary>The full cleaned text of a document (what citation spans point into), or null.</summary>
    Task<string?> GetDocumentTextAsync(string documentId, CancellationToken cancellationToken);

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

    /// <summary>
    /// Distinct chunk texts that have no vector for <paramref name="model"/> yet: what an embedding pass must do.
    /// The default reads everything; stores override it with one query.
    /// </summary>
    async Task<IReadOnlyList<PendingEmbedding>> ListChunksWithoutEmbeddingAsync(string model, CancellationToken cancellationToken)
    {
        var hashes = await ListChunkHashesAsync(cancellationToken);
        var have = await GetEmbeddingsAsync(model, hashes.Select(h => h.TextHash).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var missing = hashes.Where(h => !have.ContainsKey(h.TextHash)).DistinctBy(h => h.TextHash, StringComparer.Ordinal).ToList();
        var chunks = await GetChunksAsync(missing.Select(m => m.ChunkKey).ToList(), cancellationToken);
        return chunks.Select(c => new PendingEmbedding(c.TextHash, c.Text)).ToList();
    }

    /// <summary>Streams every current chunk's vector for <paramref name="model"/> in chunk-key order; returns how many.</summary>
    async Task<int> ReadChunkVectorsAsync(string model, ChunkVectorSink sink, CancellationToken cancellationToken)
    {
        var hashes = await ListChunkHashesAsync(cancellationToken);
        var vectors = await GetEmbeddingsAsync(model, hashes.Select(h => h.TextHash).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var count = 0;
        foreach (var (key, hash) in hashes)
        {
            if (vectors.TryGetValue(hash, out var v))
            {
                sink(key, v);
                count++;
            }
        }

        return count;
    }

    /// <summary>How many documents there are and the first few titles, for a refusal that says what the sources cover.</summary>
    async Task<DocumentSummary> GetDocumentSummaryAsync(int sampleTitles, CancellationToken cancellationToken)
    {
        var documents = await ListDocumentsAsync(cancellationToken);
        return new DocumentSummary(documents.Count, documents.Take(sampleTitles).Select(d => d.Title).ToList());
    }

    Task RecordAnswerAsync(AnswerRecord record, CancellationToken cancellationToken);

    Task<AnswerRecord?> GetAnswerAsync(string answerId, CancellationToken cancellationToken);

    /// <summary>The latest answer given in a chat at or after <paramref name="notBefore"/>, for follow-ups.</summary>
    Task<AnswerRecord?> GetLatestAnswerAsync(string platform, string chatId, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>Stores a 👍/👎 press; the user's last press on an answer wins.</summary>
    Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken cancellationToken);

    Task<int?> GetFeedbackAsync(string answerId, string platform, string userId, CancellationToken cancellationToken);

    Task RecordAuditAsync(AuditRecord entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(int top, CancellationToken cancellationToken);

    Task<UsageStatistics> GetUsageStatisticsAsync(CancellationToken cancellationToken);
}
