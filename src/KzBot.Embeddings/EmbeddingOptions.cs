using System.ComponentModel.DataAnnotations;

namespace KzBot.Embeddings;

/// <summary>Which embeddings semantic retrieval uses (<c>Retrieval:Embeddings</c>).</summary>
public enum EmbeddingMode
{
    /// <summary>BM25 only.</summary>
    None,

    /// <summary>arctic-embed-xs in process (the model ships inside the package; nothing is downloaded).</summary>
    Local,

    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint.</summary>
    Remote,
}

/// <summary>Semantic retrieval settings; they live in the <c>Retrieval</c> section beside the lexical ones.</summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Retrieval";

    public EmbeddingMode Embeddings { get; set; } = EmbeddingMode.Local;

    /// <summary>ONNX intra-op threads for the local model. Two suits a 2-core machine; more only queue behind each other.</summary>
    [Range(1, 64)]
    public int EmbeddingThreads { get; set; } = 2;

    /// <summary>
    /// Texts per embedding call while indexing; a call also stops at 4,000 characters, so ~150-word chunks go
    /// about 4 at a time (where the model is fastest for them on 2 cores) and sentences up to this many.
    /// </summary>
    [Range(1, 2048)]
    public int EmbeddingBatchSize { get; set; } = 32;

    /// <summary>
    /// How long the process that embeds holds the store's embedding lease before renewing it (it renews a third
    /// of the way through). A process killed while embedding blocks the others for at most this long.
    /// </summary>
    public TimeSpan EmbeddingLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a process that waits for another one's embedding checks the store for its vectors.</summary>
    public TimeSpan EmbeddingPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait after a failed embedding pass (endpoint down); each further failure doubles it.</summary>
    public TimeSpan EmbeddingRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between retries of a failing embedding pass.</summary>
    public TimeSpan EmbeddingRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Also embed every chunk's sentences while indexing, so judging whether a passage answers a question on its
    /// meaning reads stored vectors instead of running the model on the request path for every sentence. It
    /// costs about as much model time again while indexing, and as many tokens again with a remote model.
    /// </summary>
    public bool IndexSentenceVectors { get; set; } = true;

    /// <summary>Nearest chunks taken from the vector index before fusion.</summary>
    [Range(1, 500)]
    public int VectorCandidates { get; set; } = 30;

    /// <summary>The k of reciprocal rank fusion, 1/(k + rank): larger flattens the difference between ranks.</summary>
    [Range(1, 1000)]
    public int FusionK { get; set; } = 60;

    /// <summary>
    /// Lexical evidence at or above this (and sufficient) answers without embedding the question: the words are
    /// already in one sentence, so the model would not change the answer, only its latency.
    /// </summary>
    [Range(0.0, 1.0)]
    public double DecisiveEvidence { get; set; } = 0.8;

    /// <summary>
    /// Cosine similarity of question and one source sentence at which meaning alone may justify an answer.
    /// Chosen on the dev halves of tests/eval for arctic-embed-xs with its query prefix (README, Evaluation).
    /// Model-specific: change it with the model, never share it across models.
    /// </summary>
    [Range(-1.0, 1.0)]
    public double SemanticMinSimilarity { get; set; } = 0.73;

    public RemoteEmbeddingOptions RemoteEmbeddings { get; set; } = new();
}

/// <summary>
/// An OpenAI-compatible embeddings endpoint (<c>Retrieval:RemoteEmbeddings</c>). Set the key through the
/// environment (<c>KZBOT__Retrieval__RemoteEmbeddings__ApiKey</c>) or user secrets, never in appsettings.json.
/// </summary>
public sealed class RemoteEmbeddingOptions
{
    /// <summary>Base URL up to and including <c>/v1</c>, e.g. <c>http://localhost:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    public string Model { get; set; } = "text-embedding-3-small";

    public string? ApiKey { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
