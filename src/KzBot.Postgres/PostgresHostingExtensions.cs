using KzBot.Core.Options;
using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KzBot.Postgres;

public static class PostgresHostingExtensions
{
    /// <summary>
    /// One pooled <see cref="NpgsqlDataSource"/> for the whole process, built from <c>Storage:ConnectionString</c>;
    /// the store, the reload broadcast and the replica coordination all take their connections from it.
    /// </summary>
    public static IServiceCollection AddKzBotPostgresDataSource(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                    ["Storage:ConnectionString is required when Storage:Provider is Postgres (set KZBOT__Storage__ConnectionString)."]);
            }

            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString) { Name = "kzbot" };
            return builder.Build();
        });
        return services;
    }

    /// <summary>The store's roles on PostgreSQL (<c>Storage:ConnectionString</c>), with its schema migrated on first use.</summary>
    public static IServiceCollection AddKzBotPostgresStore(this IServiceCollection services)
    {
        services.AddKzBotPostgresDataSource();
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<PostgresCorpusStore>();
        services.AddSingleton<ICorpusStore>(sp => sp.GetRequiredService<PostgresCorpusStore>());
        services.AddSingleton<IIndexCache>(sp => sp.GetRequiredService<PostgresCorpusStore>());
        services.AddSingleton<IVectorStore, PostgresVectorStore>();
        services.AddSingleton<IConversationLog, PostgresConversationLog>();
        services.AddSingleton<IAnswerMessageMap>(sp => sp.GetRequiredService<IConversationLog>());
        services.AddSingleton<IManagedSourceCatalog, PostgresManagedSourceCatalog>();
        services.AddSingleton<IStoreImport, PostgresStoreImport>();
        return services;
    }
}
