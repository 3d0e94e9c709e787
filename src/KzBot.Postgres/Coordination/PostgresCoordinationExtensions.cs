using KzBot.Core.Chat;
using KzBot.Core.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Postgres.Coordination;

public static class PostgresCoordinationExtensions
{
    /// <summary>Replicas on one PostgreSQL database share it for poller election, update claims, identify slots and per-user question limits.</summary>
    public static IHostApplicationBuilder AddReplicaCoordination(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddKzBotPostgresDataSource();
        services.AddOptions<CoordinationOptions>().Bind(builder.Configuration.GetSection(CoordinationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CoordinationSchema>();
        services.AddSingleton<ILeaderElection, PostgresLeaderElection>();
        services.AddSingleton<IUpdateClaims, PostgresUpdateClaims>();
        services.AddSingleton<ISharedTurns, PostgresSharedTurns>();
        services.AddSingleton<IUserRateLimiter, PostgresUserRateLimiter>();
        return builder;
    }
}
