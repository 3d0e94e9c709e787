using KzBot.Core.Hosting;
using KzBot.Core.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KzBot.Postgres;

public static class StoreHostingExtensions
{
    /// <summary>The store's roles on the engine <c>Storage:Provider</c> names: one SQLite file (the default) or PostgreSQL.</summary>
    public static IServiceCollection AddKzBotStore(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetSection(StorageOptions.Section).GetValue(nameof(StorageOptions.Provider), StorageProvider.Sqlite);
        return provider == StorageProvider.Postgres ? services.AddKzBotPostgresStore() : services.AddKzBotSqliteStore();
    }
}
