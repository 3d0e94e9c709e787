using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Core.Sources;
using KzBot.Core.Sources.Fetching;
using KzBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Store, ingestion, retrieval, the extractive composer and the chat engine, with options validated at start-up.</summary>
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

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKnowledgeStore, SqliteKnowledgeStore>();
        services.TryAddSingleton<IAnswerMessageMap>(sp => (IAnswerMessageMap)sp.GetRequiredService<IKnowledgeStore>());

        services.AddSingleton<IDocumentReader, PlainTextReader>();
        services.AddSingleton<IDocumentReader, MarkdownReader>();
        services.AddSingleton<IDocumentReader, HtmlReader>();
        services.AddSingleton<IDocumentReader, PdfReader>();
        services.TryAddSingleton<DataIngestor>();
        services.AddManagedSources(configuration);

        services.TryAddSingleton<LexicalRetriever>();
        services.TryAddSingleton<IRetriever>(sp => sp.GetRequiredService<LexicalRetriever>());
        services.TryAddSingleton<ExtractiveComposer>();
        services.TryAddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<ExtractiveComposer>());

        services.TryAddSingleton<ContextMergeRewriter>();
        services.TryAddSingleton<IQuestionRewriter>(sp => sp.GetRequiredService<ContextMergeRewriter>());
        services.TryAddSingleton<FollowUpResolver>();
        services.TryAddSingleton<QuestionAnswerer>();
        services.TryAddSingleton<UserRateLimiter>();
        services.TryAddSingleton<ChatEngine>();
        services.TryAddSingleton<RunningBots>();
        services.TryAddSingleton<ChatTurn>();
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
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<SafeFetcher>();
        services.TryAddSingleton<IManagedSourceCatalog, SqliteManagedSourceCatalog>();
        services.TryAddSingleton<ManagedFolder>();
        services.TryAddSingleton<IAddedSourceRoots>(sp => sp.GetRequiredService<ManagedFolder>());
        services.TryAddSingleton<ManagedSources>();
        services.TryAddSingleton<PendingConfirmations>();
    }
}
