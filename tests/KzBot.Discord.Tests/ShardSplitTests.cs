using KzBot.Discord.Tests.Fakes;

namespace KzBot.Discord.Tests;

/// <summary>Two replicas of one bot split the shards through Discord:ShardIds, coordinating on a real PostgreSQL database.</summary>
[Collection(DiscordReplicasCollection.Name)]
public sealed class ShardSplitTests(PostgresServer postgres)
{
    [Fact]
    public async Task Shards_split_across_two_replicas_are_each_identified_exactly_once()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var server = await FakeDiscordServer.StartAsync();
        server.MaxConcurrency = 4;
        await using var a = await DiscordTestBot.StartAsync(settings: Replica(database, 0, 1), server: server);
        await using var b = await DiscordTestBot.StartAsync(settings: Replica(database, 2, 3), server: server);

        var identified = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var connection = await server.NextConnectionAsync();
            await connection.HelloAsync();
            identified.Add((await connection.ExpectAsync(2)).GetProperty("d").GetProperty("shard").GetRawText());
            await connection.DispatchAsync("READY", a.ReadyJson(), 1);
        }

        Assert.Equal(["[0,4]", "[1,4]", "[2,4]", "[3,4]"], identified.Order());
        await Eventually.UntilAsync(() => a.Status.Link.Snapshot().State == Core.Hosting.LinkState.Connected, "replica A's shards to be ready");
        await Eventually.UntilAsync(() => b.Status.Link.Snapshot().State == Core.Hosting.LinkState.Connected, "replica B's shards to be ready");
        Assert.Equal(4, server.ConnectionCount);
    }

    private static Dictionary<string, string?> Replica(string database, int first, int second) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = database,
        ["Discord:ShardCount"] = "4",
        ["Discord:ShardIds:0"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Discord:ShardIds:1"] = second.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class DiscordReplicasCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "discord replicas";
}
