namespace KzBot.Postgres.Tests;

/// <summary>Every test class in this collection shares one throw-away PostgreSQL cluster; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
