using Npgsql;

namespace KzBot.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task Each_test_database_is_a_separate_empty_database_on_a_real_server()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        await using (var a = new NpgsqlConnection(first))
        {
            await a.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE marker (id int)", a).ExecuteNonQueryAsync();
            Assert.StartsWith("PostgreSQL", (string)(await new NpgsqlCommand("SELECT version()", a).ExecuteScalarAsync())!, StringComparison.Ordinal);
        }

        await using var b = new NpgsqlConnection(second);
        await b.OpenAsync();
        var tables = (long)(await new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'", b).ExecuteScalarAsync())!;
        Assert.Equal(0, tables);
    }
}
