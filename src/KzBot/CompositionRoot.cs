using KzBot.Core.Answering;
using KzBot.Core.Chat;
using KzBot.Core.Coordination;
using KzBot.Core.Hosting;
using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Retrieval;
using KzBot.Discord;
using KzBot.Embeddings;
using KzBot.Llm;
using KzBot.Ops;
using KzBot.Postgres;
using KzBot.Postgres.Coordination;
using KzBot.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KzBot;

/// <summary>
/// Every implementation KzBot runs is chosen here, once, from options; the projects' <c>Add…</c> methods only
/// register their parts. Nothing is registered twice and nothing is replaced, so the order below does not matter
/// for which implementation answers.
/// </summary>
internal static class CompositionRoot
{
    public static void AddKzBot(HostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var embeddings = Choice(configuration, EmbeddingOptions.Section, nameof(EmbeddingOptions.Embeddings), new EmbeddingOptions().Embeddings);
        var storage = Choice(configuration, StorageOptions.Section, nameof(StorageOptions.Provider), new StorageOptions().Provider);
        var composer = Choice(configuration, AnsweringOptions.Section, nameof(AnsweringOptions.Composer), new AnsweringOptions().Composer);

        services.AddSingleton(TimeProvider.System);

        // Storage and coordination (election, update claims, per-user limits, confirmation buttons): one SQLite file in one process, or PostgreSQL shared by replicas, per Storage:Provider.
        if (storage == StorageProvider.Postgres)
        {
            services.AddKzBotPostgresStore();
            builder.AddReplicaCoordination();
        }
        else
        {
            services.AddKzBotSqliteStore();
            services.AddSingleton<SingleProcessCoordination>();
            services.AddSingleton<ILeaderElection>(sp => sp.GetRequiredService<SingleProcessCoordination>());
            services.AddSingleton<IUpdateClaims>(sp => sp.GetRequiredService<SingleProcessCoordination>());
            services.AddSingleton<IReloadLock, InProcessReloadLock>();
            services.AddSingleton<IUserRateLimiter>(sp => sp.GetRequiredService<UserRateLimiter>());
            services.AddSingleton<IPendingConfirmations, InProcessPendingConfirmations>();
        }

        // Ingestion, lexical retrieval, the extractive composer, the chat engine and the adapter turn.
        services.AddKzBotCore(configuration);

        // Retrieval: BM25 alone, or fused with embeddings (local model or remote endpoint), per Retrieval:Embeddings.
        builder.AddEmbeddings(embeddings);
        if (embeddings == EmbeddingMode.None)
        {
            services.AddSingleton<IRetriever>(sp => sp.GetRequiredService<LexicalRetriever>());
        }
        else
        {
            services.AddSingleton<IRetriever>(sp => sp.GetRequiredService<HybridRetriever>());
        }

        // Answers and follow-up rewriting: extractive and context merge, or a language model, per Answering:Composer.
        if (composer == ComposerKind.Llm)
        {
            builder.AddLlmAnswers();
            services.AddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<LlmComposer>());
            services.AddSingleton<IQuestionRewriter>(sp => sp.GetRequiredService<LlmQuestionRewriter>());
        }
        else
        {
            services.AddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<ExtractiveComposer>());
            services.AddSingleton<IQuestionRewriter>(sp => sp.GetRequiredService<ContextMergeRewriter>());
        }

        // Platforms: each runs when its token is set and otherwise only says how to enable it.
        builder.AddTelegramBot();
        builder.AddDiscordBot();

        // Health, readiness and metrics, served when Ops:Urls is set.
        builder.AddOpsEndpoint();
    }

    /// <summary>An enum setting read before the services exist; a value that is not one of its names stops start-up with the names it takes.</summary>
    private static T Choice<T>(IConfiguration configuration, string section, string key, T fallback)
        where T : struct, Enum
    {
        var value = configuration.GetSection(section)[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        var failure = $"{section}:{key} is '{value}'; it takes one of {string.Join(", ", Enum.GetNames<T>())}.";
        throw new OptionsValidationException($"{section}:{key}", typeof(T), [failure]);
    }
}
