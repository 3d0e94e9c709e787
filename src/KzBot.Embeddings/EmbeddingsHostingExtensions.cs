using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using KzBot.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot.Embeddings;

public static class EmbeddingsHostingExtensions
{
    /// <summary>
    /// The embedding parts for <paramref name="mode"/>: the generator (local or remote), the vector index, the
    /// background indexer and the hybrid retriever. With <see cref="EmbeddingMode.None"/> the parts exist (the CLI
    /// reports on them) but nothing listens to reloads. Which retriever answers is the caller's choice.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder, EmbeddingMode mode)
    {
        var services = builder.Services;
        services.AddOptions<EmbeddingOptions>().Bind(builder.Configuration.GetSection(EmbeddingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>();

        services.AddHttpClient(RemoteEmbeddingGenerator.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value.RemoteEmbeddings.Timeout);

        if (mode == EmbeddingMode.Remote)
        {
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>, RemoteEmbeddingGenerator>();
        }
        else
        {
            services.AddSingleton<LocalEmbeddingGenerator>();
            services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<LocalEmbeddingGenerator>());
        }

        services.AddSingleton<VectorIndex>();
        services.AddSingleton<EmbeddingIndexer>();
        services.AddSingleton<EmbeddingBackfill>();
        services.AddSingleton<SentenceVectorCache>();
        services.AddSingleton<SentenceVectors>();
        services.AddSingleton<HybridRetriever>();
        if (mode == EmbeddingMode.None)
        {
            services.AddSingleton(new EmbeddingBacklogSource(() => 0));
        }
        else
        {
            services.AddSingleton(sp => new EmbeddingBacklogSource(() => BacklogOf(sp.GetRequiredService<EmbeddingBackfill>().Status)));
            services.AddSingleton<EmbeddingIndexListener>();
            services.AddSingleton<IIndexListener>(sp => sp.GetRequiredService<EmbeddingIndexListener>());
            services.AddSingleton<IIndexCache>(sp => sp.GetRequiredService<EmbeddingIndexListener>());
            services.AddHostedService<EmbeddingWarmupService>();
        }

        return builder;
    }

    /// <summary>While a pass runs its own count is current; otherwise the last coverage the store gave.</summary>
    private static long BacklogOf(EmbeddingStatus status) =>
        status.Progress is { Final: false } p ? p.Total - p.Done : status.Coverage?.Missing ?? 0;
}
