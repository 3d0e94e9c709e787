using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Core.Hosting;

public static class SqliteStoreHostingExtensions
{
    /// <summary>The store's roles on one SQLite file (<c>Storage:Path</c>), sharing one schema and connection setup.</summary>
    public static IServiceCollection AddKzBotSqliteStore(this IServiceCollection services)
    {
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<ICorpusStore, SqliteCorpusStore>();
        services.AddSingleton<IVectorStore, SqliteVectorStore>();
        services.AddSingleton<IConversationLog, SqliteConversationLog>();
        services.AddSingleton<IAnswerMessageMap>(sp => sp.GetRequiredService<IConversationLog>());
        services.AddSingleton<IManagedSourceCatalog, SqliteManagedSourceCatalog>();
        services.AddSingleton<IStoreExport, SqliteStoreExport>();
        return services;
    }
}
