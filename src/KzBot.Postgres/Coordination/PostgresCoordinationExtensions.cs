using KzBot.Core.Coordination;
using KzBot.Core.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace KzBot.Postgres.Coordination;

public static class PostgresCoordinationExtensions
{
    /// <summary>
    /// With <c>Storage:Provider=Postgres</c>, replicas share the database for poller election, update claims and
    /// identify slots; otherwise the single-process defaults stay.
    /// </summary>
    public static IHostApplicationBuilder AddReplicaCoordination(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"];
        if (!Enum.TryParse<StorageProvider>(provider, ignoreCase: true, out var p) || p != StorageProvider.Postgres)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddKzBotPostgresDataSource();
        services.AddOptions<CoordinationOptions>().Bind(builder.Configuration.GetSection(CoordinationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CoordinationSchema>();
        services.Replace(ServiceDescriptor.Singleton<ILeaderElection, PostgresLeaderElection>());
        services.Replace(ServiceDescriptor.Singleton<IUpdateClaims, PostgresUpdateClaims>());
        services.Replace(ServiceDescriptor.Singleton<ISharedTurns, PostgresSharedTurns>());
        return builder;
    }
}
