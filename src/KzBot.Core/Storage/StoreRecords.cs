namespace KzBot.Core.Storage;

/// <summary>A document as indexed; <see cref="SourceKey"/> is the path relative to the working directory.</summary>
public sealed record StoredDocument(
    string Id,
    string SourceKey,
    string Title,
    string Format,
    string ContentHash,
    long FileSize,
    DateTimeOffset FileModified,
    int ChunkCount,
    DateTimeOffset IndexedAt,
    string? Url);

public sealed record StoredChunk(
    long Key,
    string Id,
    string DocumentId,
    int Ordinal,
    string Title,
    string Location,
    string Text,
    int Start,
    int End,
    string TextHash,
    string? Url);

/// <summary>A lexical hit: <see cref="Bm25"/> is FTS5's bm25(), negative, lower is better.</summary>
public sealed record ScoredChunk(long Key, double Bm25);

public sealed record VocabularyTerm(string Term, long Chunks);

/// <param name="TitleFrequency">In how many chunks' document titles each term occurs (null when not counted).</param>
public sealed record TermStatistics(long ChunkCount, IReadOnlyDictionary<string, long> DocumentFrequency, IReadOnlyDictionary<string, long>? TitleFrequency = null);

public sealed record AnswerRecord(
    string Id,
    string Platform,
    string ChatId,
    string UserId,
    string Question,
    string AnswerText,
    bool Refused,
    double LatencyMs,
    DateTimeOffset At,
    string? CitationsJson = null);

/// <param name="Value">+1 for 👍, -1 for 👎.</param>
public sealed record FeedbackRecord(string AnswerId, string Platform, string UserId, int Value, DateTimeOffset At);

public sealed record AuditRecord(
    DateTimeOffset At,
    string Platform,
    string UserId,
    string? GuildId,
    string ChatId,
    string Command,
    bool Allowed,
    string? Detail);

public sealed record UsageStatistics(
    long Questions,
    long Answered,
    long Refused,
    long FeedbackUp,
    long FeedbackDown,
    double LatencyP50Ms,
    double LatencyP95Ms,
    int Documents,
    int Chunks);
