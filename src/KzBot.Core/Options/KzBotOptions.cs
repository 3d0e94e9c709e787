using System.ComponentModel.DataAnnotations;

namespace KzBot.Core.Options;

/// <summary>Where the store lives (<c>Storage</c> section).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite file; relative paths are resolved against the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/kzbot.db";

    /// <summary>Which engine holds the store: one SQLite file (the default) or a PostgreSQL database shared by replicas.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// PostgreSQL connection string when <see cref="Provider"/> is <see cref="StorageProvider.Postgres"/>. It may carry
    /// a password, so it comes from the environment or user secrets, never from a committed file.
    /// </summary>
    public string? ConnectionString { get; set; }
}

/// <summary>The storage engines KzBot can run on.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>What gets indexed (<c>Sources</c> section).</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>Folders scanned recursively for .txt, .md, .html/.htm and .pdf files; "seeds" when none is configured.</summary>
    /// <remarks>Empty by default because the configuration binder appends to a pre-filled list instead of replacing it.</remarks>
    public List<string> Folders { get; set; } = [];

    /// <summary>Files larger than this are reported as failed rather than read.</summary>
    [Range(1, 1_073_741_824)]
    public long MaxFileBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>
    /// Text extracted from one file beyond this many characters makes the file fail: a small compressed PDF can
    /// expand to gigabytes of text.
    /// </summary>
    [Range(1_000, 500_000_000)]
    public int MaxTextChars { get; set; } = 2_000_000;

    /// <summary>
    /// Follow symbolic links whose real target lies inside one of the configured folders. Links that lead
    /// outside them are never followed; with this off (the default) every link is reported and skipped.
    /// </summary>
    public bool FollowSymlinks { get; set; }

    /// <summary>Check the source folders for changes when a process starts and re-index what changed.</summary>
    public bool IndexOnStart { get; set; } = true;
}

/// <summary>Retrieval tuning (<c>Retrieval</c> section).</summary>
public sealed class RetrievalOptions
{
    public const string Section = "Retrieval";

    /// <summary>Passages handed to the composer.</summary>
    [Range(1, 50)]
    public int TopPassages { get; set; } = 6;

    /// <summary>Lexical candidates fetched before re-scoring.</summary>
    [Range(1, 500)]
    public int LexicalCandidates { get; set; } = 30;

    /// <summary>
    /// Optional hint: words that name the topic itself (on topic, but not evidence of an answer). Empty by default:
    /// the words that name the topic are learned from the indexed corpus (those in most of its passages).
    /// </summary>
    public List<string> TopicTerms { get; set; } = [];
}

/// <summary>How answers are written (<c>Answering</c> section).</summary>
public sealed class AnsweringOptions
{
    public const string Section = "Answering";

    /// <summary>Extractive (no network) or Llm (Semantic Kernel, see the Llm section).</summary>
    public ComposerKind Composer { get; set; } = ComposerKind.Extractive;

    /// <summary>Questions longer than this get a clear message instead of an answer.</summary>
    [Range(10, 100_000)]
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>Sentences in an extractive answer (1–4).</summary>
    [Range(1, 4)]
    public int MaxSentences { get; set; } = 3;

    /// <summary>An answer older than this is no longer context for a follow-up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan FollowUpMaxAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How much of the earlier answer a follow-up carries along (characters).</summary>
    [Range(0, 20_000)]
    public int FollowUpContextChars { get; set; } = 1500;
}

public enum ComposerKind
{
    Extractive,
    Llm,
}

/// <summary>Per-user question limits (<c>RateLimits</c> section).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Questions one user may ask per window; 0 turns the limit off.</summary>
    [Range(0, 10_000)]
    public int QuestionsPerWindow { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
