using System.Net.Sockets;
using KzBot.Core.Storage;
using Npgsql;

namespace KzBot.Postgres;

/// <summary>
/// The PostgreSQL store's database: connections from the process's one data source, and the schema brought up to
/// date once, under an advisory lock so replicas starting together do not migrate twice.
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource)
{
    // Advisory lock keys are one shared 64-bit space per database; these spell "kzbot" plus a purpose.
    internal const long MigrationLock = 0x6B7A626F_74000001;

    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Where the store is, for messages: host, port and database, never the user or password.</summary>
    public string Description { get; } = Describe(dataSource.ConnectionString);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var connection = await OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
            try
            {
                await MigrateAsync(connection, cancellationToken);
            }
            finally
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
            }

            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>The schema version recorded in the database (0 when none).</summary>
    public static async Task<int> SchemaVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var current = await SchemaVersionAsync(connection, cancellationToken);
        if (current > PostgresSchema.Version)
        {
            throw new StoreUnavailableException(Description, StoreProblem.NewerSchema,
                $"its schema is version {current}, this KzBot knows up to {PostgresSchema.Version}");
        }

        for (var version = current + 1; version <= PostgresSchema.Version; version++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var migrate = new NpgsqlCommand(PostgresSchema.Migrations[version - 1], connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_version(version) VALUES($1)", connection, transaction))
            {
                record.Parameters.AddWithValue(version);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    internal async Task<NpgsqlConnection> OpenReadyAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await OpenAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (Unreachable(ex) is { } reason)
        {
            throw new StoreUnavailableException(Description, StoreProblem.Unreachable, reason, ex);
        }
    }

    private static string? Unreachable(Exception ex) => ex switch
    {
        PostgresException pg => pg.MessageText,
        NpgsqlException { InnerException: SocketException socket } => socket.Message,
        NpgsqlException { InnerException: TimeoutException } => "the connection timed out",
        NpgsqlException npgsql => npgsql.Message,
        SocketException socket => socket.Message,
        _ => null,
    };

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host}:{builder.Port}";
    }
}
