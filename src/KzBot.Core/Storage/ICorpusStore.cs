using KzBot.Core.Ingestion;

namespace KzBot.Core.Storage;

/// <summary>The indexed sources: documents, passages, their full-text index and its term statistics, failed files.</summary>
public interface ICorpusStore : IStoreRole
{
    Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>Applies one reload in a single transaction: either every change lands, or none does.</summary>
    Task ApplyChangesAsync(IndexChangeSet changes, CancellationToken cancellationToken);

    /// <summary>Files that failed to read as their format, as the last reload left them (<see cref="IndexChangeSet.FailedSources"/>).</summary>
    Task<IReadOnlyList<FailedSource>> ListFailedSourcesAsync(CancellationToken cancellationToken);

    /// <summary>BM25 search. <paramref name="ftsQuery"/> must come from <see cref="Text.Terms.ToFtsQuery"/>, never raw user text.</summary>
    Task<IReadOnlyList<ScoredChunk>> SearchLexicalAsync(string ftsQuery, int top, CancellationToken cancellationToken);

    /// <summary>In how many chunks each term occurs (the full-text tokenisation, so stemmed), plus the chunk count.</summary>
    Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> terms, CancellationToken cancellationToken);

    /// <summary>Every indexed term (the full-text tokenisation, so stemmed) with the number of chunks holding it; cached until the next reload.</summary>
    Task<IReadOnlyList<VocabularyTerm>> GetVocabularyAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredChunk>> GetChunksAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken);

    /// <summary>The full cleaned text of a document (what citation spans point into), or null.</summary>
    Task<string?> GetDocumentTextAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>How many documents there are and the first few titles, for a refusal that says what the sources cover.</summary>
    Task<DocumentSummary> GetDocumentSummaryAsync(int sampleTitles, CancellationToken cancellationToken);
}
