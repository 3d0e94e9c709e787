using KzBot.Core.Chat;
using KzBot.Core.Coordination;
using KzBot.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Postgres.Coordination;

public static class PostgresCoordinationExtensions
{
    /// <summary>
    /// Replicas on one PostgreSQL database share it for poller election, update claims, identify slots, the reload
    /// lock, per-user question limits and confirmation buttons, and hear each other's reloads (which needs the PostgreSQL store registered too).
    /// </summary>
    public static IHostApplicationBuilder AddReplicaCoordination(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddKzBotPostgresDataSource();
        services.AddOptions<CoordinationOptions>().Bind(builder.Configuration.GetSection(CoordinationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CoordinationSchema>();
        services.AddSingleton<ILeaderElection, PostgresLeaderElection>();
        services.AddSingleton<IUpdateClaims, PostgresUpdateClaims>();
        services.AddSingleton<ISharedTurns, PostgresSharedTurns>();
        services.AddSingleton<IReloadLock, PostgresReloadLock>();
        services.AddSingleton<IndexChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<IndexChangeListener>());
        services.AddSingleton<IUserRateLimiter, PostgresUserRateLimiter>();
        services.AddSingleton<IPendingConfirmations, PostgresPendingConfirmations>();
        return builder;
    }
}
