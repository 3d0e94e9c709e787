using KzBot.Core.Storage;

namespace KzBot.Core.Ingestion;

/// <summary>One reload's worth of changes, applied by the store in one transaction.</summary>
/// <param name="Upserts">New or changed documents, replacing any previous version and its chunks.</param>
/// <param name="RemovedDocumentIds">Documents whose files are gone.</param>
/// <param name="Touched">Documents whose file metadata changed but whose content did not: only the metadata is updated.</param>
public sealed record IndexChangeSet(IReadOnlyList<IngestedDocument> Upserts, IReadOnlyList<string> RemovedDocumentIds, IReadOnlyList<StoredDocument> Touched)
{
    /// <summary>When set, replaces the remembered failing files (null leaves them as they are).</summary>
    public IReadOnlyList<FailedSource>? FailedSources { get; init; }
}

/// <summary>
/// A file that could not be read as its format, remembered by size, modification time and content hash so an
/// unchanged failing file (a decompression bomb costs seconds and gigabytes) is reported without being parsed again.
/// </summary>
public sealed record FailedSource(string SourceKey, long FileSize, DateTimeOffset FileModified, string ContentHash, string Reason);

/// <summary>A document read, cleaned and chunked, ready to store.</summary>
public sealed record IngestedDocument(StoredDocument Document, string Text, IReadOnlyList<IngestedChunk> Chunks);

/// <summary>A passage of at most ~200 words: <see cref="Text"/> equals the document text at [<see cref="Start"/>, <see cref="End"/>).</summary>
public sealed record IngestedChunk(string Id, int Ordinal, string Location, string Text, int Start, int End, string TextHash);

/// <summary>What a reload did.</summary>
public sealed record IndexReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Removed,
    IReadOnlyList<IndexFailure> Failed,
    int Unchanged,
    int Chunks,
    TimeSpan Elapsed)
{
    /// <summary>Files indexed with a caveat the admin should know about (an encoding that had to be guessed).</summary>
    public IReadOnlyList<IndexNote> Notes { get; init; } = [];

    public bool HasChanges => Added.Count + Changed.Count + Removed.Count > 0;
}

public sealed record IndexFailure(string Source, string Reason);

public sealed record IndexNote(string Source, string Text);
