using KzBot.Core.Ingestion;
using KzBot.Core.Retrieval;
using KzBot.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

public static class EmbeddingsHostingExtensions
{
    /// <summary>Adds semantic retrieval (local or remote embeddings) fused with BM25, per <c>Retrieval:Embeddings</c>.</summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmbeddingOptions>().Bind(builder.Configuration.GetSection(EmbeddingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>();

        services.AddHttpClient(RemoteEmbeddingGenerator.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.RemoteEmbeddings.Timeout);

        // The mode is read when services are first resolved, after every configuration source has been applied.
        services.TryAddSingleton<LocalEmbeddingGenerator>();
        services.TryAddSingleton<RemoteEmbeddingGenerator>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => Mode(sp) == EmbeddingMode.Remote
            ? sp.GetRequiredService<RemoteEmbeddingGenerator>()
            : sp.GetRequiredService<LocalEmbeddingGenerator>());
        services.TryAddSingleton<VectorIndex>();
        services.TryAddSingleton<EmbeddingIndexer>();
        services.TryAddSingleton<EmbeddingBackfill>();
        services.AddSingleton(sp => new EmbeddingBacklogSource(() => Mode(sp) == EmbeddingMode.None ? 0 : BacklogOf(sp.GetRequiredService<EmbeddingBackfill>().Status)));
        services.TryAddSingleton<SentenceVectorCache>();
        services.TryAddSingleton<SentenceVectors>();
        services.TryAddSingleton<HybridRetriever>();

        services.Replace(ServiceDescriptor.Singleton<IRetriever>(sp => Mode(sp) == EmbeddingMode.None
            ? sp.GetRequiredService<LexicalRetriever>()
            : sp.GetRequiredService<HybridRetriever>()));

        // Whoever resolves the ingestor gets one whose reloads also embed new chunk texts, in the background.
        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var ingestor = ActivatorUtilities.CreateInstance<DataIngestor>(sp);
            if (Mode(sp) != EmbeddingMode.None)
            {
                var store = sp.GetRequiredService<KzBot.Core.Storage.IVectorStore>();
                var index = sp.GetRequiredService<VectorIndex>();
                var backfill = sp.GetRequiredService<EmbeddingBackfill>();
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddingBackfill>();
                ingestor.Reloaded += async (report, cancellationToken) =>
                {
                    // Vectors of edited or removed text would otherwise stay in the store for ever.
                    if (report.Changed.Count + report.Removed.Count > 0)
                    {
                        var deleted = await store.DeleteOrphanedEmbeddingsAsync(cancellationToken);
                        logger.LogInformation("Deleted {Count} stored vectors of text no longer in any passage", deleted);
                    }

                    if (report.HasChanges)
                    {
                        index.Invalidate();
                    }

                    backfill.Schedule();
                };
            }

            return ingestor;
        }));

        services.AddHostedService<EmbeddingWarmupService>();
        return builder;
    }

    private static EmbeddingMode Mode(IServiceProvider sp) => sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.Embeddings;

    /// <summary>While a pass runs its own count is current; otherwise the last coverage the store gave.</summary>
    private static long BacklogOf(EmbeddingStatus status) =>
        status.Progress is { Final: false } p ? p.Total - p.Done : status.Coverage?.Missing ?? 0;
}
