using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Coordination;
using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KzBot.Core.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Ingestion, retrieval, the extractive composer and the chat engine, with options validated at start-up. The store's roles come from <c>AddKzBotStore</c>.</summary>
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
        services.TryAddSingleton<KzBotMetrics>();
        services.TryAddSingleton<SingleProcessCoordination>();
        services.TryAddSingleton<ILeaderElection>(sp => sp.GetRequiredService<SingleProcessCoordination>());
        services.TryAddSingleton<IUpdateClaims>(sp => sp.GetRequiredService<SingleProcessCoordination>());

        services.AddSingleton<IDocumentReader, PlainTextReader>();
        services.AddSingleton<IDocumentReader, MarkdownReader>();
        services.AddSingleton<IDocumentReader, HtmlReader>();
        services.AddSingleton<IDocumentReader, PdfReader>();
        services.TryAddSingleton<DataIngestor>();

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
}
