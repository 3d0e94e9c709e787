using KzBot.Core.Storage;
using Npgsql;

namespace KzBot.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresServer server)
{
    [Fact]
    public async Task Replicas_starting_together_migrate_once_and_a_newer_schema_is_refused_untouched()
    {
        var database = await server.CreateDatabaseAsync();
        var hosts = Enumerable.Range(0, 4).Select(_ => StoreHost.Create(database)).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(h => h.Corpus.InitializeAsync(CancellationToken.None)));
        }
        finally
        {
            foreach (var h in hosts)
            {
                await h.DisposeAsync();
            }
        }

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            // One row per migration, each written once although every replica tried to migrate.
            var rows = await new NpgsqlCommand("SELECT count(*) FROM schema_version", connection).ExecuteScalarAsync();
            Assert.Equal(await new NpgsqlCommand("SELECT max(version)::bigint FROM schema_version", connection).ExecuteScalarAsync(), rows);
            await new NpgsqlCommand("INSERT INTO schema_version(version) VALUES(99)", connection).ExecuteNonQueryAsync();
        }

        await using var newer = StoreHost.Create(database);
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => newer.Corpus.ListDocumentsAsync(CancellationToken.None));
        Assert.Equal(StoreProblem.NewerSchema, error.Problem);
        Assert.Contains("schema is version 99", error.Message, StringComparison.Ordinal);
    }
}
