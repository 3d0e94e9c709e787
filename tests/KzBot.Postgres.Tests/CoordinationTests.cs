using KzBot.Core.Coordination;
using KzBot.Core.Hosting;
using KzBot.Postgres.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KzBot.Postgres.Tests;

/// <summary>The coordination primitives as two replicas see them: two service providers on one database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CoordinationTests(PostgresServer server)
{
    [Fact]
    public async Task Identify_slots_are_spaced_across_replicas_and_separate_per_bucket()
    {
        var database = await server.CreateDatabaseAsync();
        using var a = Replica(database);
        using var b = Replica(database);
        var spacing = TimeSpan.FromSeconds(5);

        var waits = await Task.WhenAll(
            a.GetRequiredService<ISharedTurns>().ReserveAsync("discord-identify:0", spacing, CancellationToken.None),
            b.GetRequiredService<ISharedTurns>().ReserveAsync("discord-identify:0", spacing, CancellationToken.None));
        var other = await b.GetRequiredService<ISharedTurns>().ReserveAsync("discord-identify:1", spacing, CancellationToken.None);

        Array.Sort(waits);
        Assert.True(waits[0] < TimeSpan.FromSeconds(1), $"first slot waited {waits[0]}");
        Assert.InRange(waits[1], TimeSpan.FromSeconds(4), spacing);
        Assert.True(other < TimeSpan.FromSeconds(1), $"another bucket waited {other}");
    }

    [Fact]
    public async Task An_update_is_claimed_by_one_replica_only()
    {
        var database = await server.CreateDatabaseAsync();
        using var a = Replica(database);
        using var b = Replica(database);

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? a : b).GetRequiredService<IUpdateClaims>().TryClaimAsync("telegram", 77, CancellationToken.None).AsTask()));
        Assert.Equal(1, claims.Count(c => c));
        Assert.True(await a.GetRequiredService<IUpdateClaims>().TryClaimAsync("telegram", 78, CancellationToken.None));
        Assert.True(await b.GetRequiredService<IUpdateClaims>().TryClaimAsync("discord", 77, CancellationToken.None));

        // A replica that could not take the update after all gives it back; the redelivered copy is claimed again.
        await a.GetRequiredService<IUpdateClaims>().ReleaseAsync("telegram", 77, CancellationToken.None);
        Assert.True(await b.GetRequiredService<IUpdateClaims>().TryClaimAsync("telegram", 77, CancellationToken.None));
        Assert.False(await a.GetRequiredService<IUpdateClaims>().TryClaimAsync("telegram", 77, CancellationToken.None));
    }

    [Fact]
    public async Task Leadership_goes_to_one_replica_and_passes_on_when_released()
    {
        var database = await server.CreateDatabaseAsync();
        using var a = Replica(database);
        using var b = Replica(database);

        var first = await a.GetRequiredService<ILeaderElection>().WaitForLeadershipAsync("poller", CancellationToken.None);
        var second = b.GetRequiredService<ILeaderElection>().WaitForLeadershipAsync("poller", CancellationToken.None);
        var other = await b.GetRequiredService<ILeaderElection>().WaitForLeadershipAsync("another role", CancellationToken.None);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var taken = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(taken.Lost.IsCancellationRequested);
        await other.DisposeAsync();
    }

    private static ServiceProvider Replica(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Storage:ConnectionString"] = connectionString;
        builder.Configuration["Coordination:ElectionInterval"] = "00:00:00.100";
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddKzBotCore(builder.Configuration);
        builder.AddReplicaCoordination();
        return (ServiceProvider)builder.Build().Services;
    }
}
