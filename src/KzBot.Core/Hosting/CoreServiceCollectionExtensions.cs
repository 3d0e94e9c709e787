using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Core.Sources;
using KzBot.Core.Sources.Fetching;
using KzBot.Core.Storage;
using KzBot.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Options (validated at start-up), ingestion, lexical retrieval, the extractive composer, the context-merge
    /// rewriter and the chat engine and turn. The store and which retriever, composer and rewriter answer are
    /// registered by the composition root.
    /// </summary>
    public static IServiceCollection AddKzBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SourcesOptions>().Bind(configuration.GetSection(SourcesOptions.Section))
            .PostConfigure(o =>
            {
                if (o.Folders.Count == 0)
                {
                    o.Folders.Add("seeds");
                }
            })
            .Validate(o => o.Folders.All(f => !string.IsNullOrWhiteSpace(f)), "Sources:Folders must not contain empty folder names.")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnsweringOptions>().Bind(configuration.GetSection(AnsweringOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<KzBotMetrics>();

        services.AddSingleton<IDocumentReader, PlainTextReader>();
        services.AddSingleton<IDocumentReader, MarkdownReader>();
        services.AddSingleton<IDocumentReader, HtmlReader>();
        services.AddSingleton<IDocumentReader, PdfReader>();
        services.AddSingleton<DataIngestor>();
        services.AddManagedSources(configuration);

        services.AddSingleton<FtsTokenizer>();
        services.AddSingleton<SpellingCorrector>();
        services.AddSingleton<LexicalRetriever>();
        services.AddSingleton<CorpusTopic>();
        services.AddSingleton<ExtractiveComposer>();
        services.AddSingleton<ContextMergeRewriter>();
        services.AddSingleton<FollowUpResolver>();
        services.AddSingleton<QuestionAnswerer>();
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<ChatEngine>();
        services.AddSingleton<RunningBots>();
        services.AddSingleton<ChatTurn>();
        return services;
    }

    /// <summary>Sources added from chat or the CLI: the safe fetcher, the managed folder and its metadata.</summary>
    private static void AddManagedSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ManagedSourcesOptions>().Bind(configuration.GetSection(ManagedSourcesOptions.Section))
            .Validate(o => o.MaxSourceBytes <= o.MaxManagedBytes, "Sources:MaxSourceBytes must not be larger than Sources:MaxManagedBytes.")
            .Validate(o => o.AllowedHosts.All(h => !string.IsNullOrWhiteSpace(h)), "Sources:AllowedHosts must not contain empty host names.")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(SafeFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => SafeFetcher.CreateHandler(sp.GetRequiredService<IOptions<ManagedSourcesOptions>>().Value.ConnectTimeout));
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<SafeFetcher>();
        services.AddSingleton<ManagedFolder>();
        services.AddSingleton<IAddedSourceRoots>(sp => sp.GetRequiredService<ManagedFolder>());
        services.AddSingleton<ManagedSources>();
    }
}
