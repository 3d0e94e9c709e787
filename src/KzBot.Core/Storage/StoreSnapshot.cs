using KzBot.Core.Ingestion;

namespace KzBot.Core.Storage;

/// <summary>
/// Everything one store holds that another engine's store needs to serve the same answers and history: the
/// documents with their passages (as an index pass would hand them over), vectors, failed files, answers, the
/// platform message map, feedback, the audit trail and the added-source catalogue. Leases are left behind: they
/// name processes of the old store.
/// </summary>
public sealed record StoreSnapshot(
    IReadOnlyList<IngestedDocument> Documents,
    IReadOnlyList<StoredVector> Vectors,
    IReadOnlyList<FailedSource> FailedSources,
    IReadOnlyList<AnswerRecord> Answers,
    IReadOnlyList<AnswerMessage> AnswerMessages,
    IReadOnlyList<FeedbackRecord> Feedback,
    IReadOnlyList<AuditRecord> Audit,
    IReadOnlyList<ManagedSource> ManagedSources);

/// <summary>One stored embedding: the vector of a chunk text (by its hash) under one model.</summary>
public sealed record StoredVector(string Model, string TextHash, float[] Vector);

/// <summary>One bot message that carries an answer (<see cref="IAnswerMessageMap"/>).</summary>
public sealed record AnswerMessage(string Platform, string ChatId, string MessageId, string AnswerId);

/// <summary>How many rows an import wrote to one table.</summary>
public sealed record ImportedTable(string Table, long Rows);

/// <summary>The rows an import wrote, per table, and the index version the target now has.</summary>
public sealed record ImportReport(IReadOnlyList<ImportedTable> Tables, long IndexVersion);
