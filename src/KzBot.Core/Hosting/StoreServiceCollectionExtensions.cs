using KzBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Core.Hosting;

public static class StoreServiceCollectionExtensions
{
    /// <summary>The SQLite store, one instance serving every store role KzBot uses.</summary>
    public static IServiceCollection AddKzBotStore(this IServiceCollection services)
    {
        services.AddSingleton<SqliteKnowledgeStore>();
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<SqliteKnowledgeStore>());
        services.AddSingleton<IAnswerMessageMap>(sp => sp.GetRequiredService<SqliteKnowledgeStore>());
        return services;
    }
}
