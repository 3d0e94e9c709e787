using KzBot.Core.Ingestion;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// The reload lock of a store replicas share: a session-level advisory lock on a connection held for the whole
/// reload, so a replica that dies mid-reload frees it with its session. Who holds it is written beside it
/// (keyed by the holding session), so a refused reload can say who started the running one and when.
/// </summary>
internal sealed class PostgresReloadLock(NpgsqlDataSource dataSource, CoordinationSchema schema, ILogger<PostgresReloadLock> logger) : IReloadLock
{
    private static readonly long Key = PostgresLeaderElection.LockKey("reload");

    public async Task<ReloadLockAttempt> TryAcquireAsync(ReloadHolder holder, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
            {
                tryLock.Parameters.AddWithValue(Key);
                if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                {
                    return new ReloadLockAttempt(null, await HolderAsync(connection, cancellationToken));
                }
            }

            await using (var record = new NpgsqlCommand(
                """
                INSERT INTO kzbot_reloads(pid, started_by, started_at) VALUES(pg_backend_pid(), $1, $2)
                ON CONFLICT(pid) DO UPDATE SET started_by = excluded.started_by, started_at = excluded.started_at
                """,
                connection))
            {
                record.Parameters.AddWithValue(holder.StartedBy);
                record.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, Value = (object?)holder.StartedAt ?? DBNull.Value });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            var lease = new Lease(connection, logger);
            connection = null;
            return new ReloadLockAttempt(lease, null);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>The row of the session holding the lock; between its lock and its row (a moment) there is none yet.</summary>
    private static async Task<ReloadHolder> HolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // pg_locks shows a bigint advisory key as its high half in classid and its low half in objid.
        await using var command = new NpgsqlCommand(
            """
            SELECT r.started_by, r.started_at
            FROM pg_locks l JOIN kzbot_reloads r ON r.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid = ($1::bigint)::oid AND l.objid = ($2::bigint)::oid AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """,
            connection);
        command.Parameters.AddWithValue((long)(uint)(Key >> 32));
        command.Parameters.AddWithValue((long)(uint)Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReloadHolder(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1))
            : new ReloadHolder("another replica", null);
    }

    private sealed class Lease(NpgsqlConnection connection, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlBatch(connection)
                {
                    BatchCommands = { new NpgsqlBatchCommand("DELETE FROM kzbot_reloads WHERE pid = pg_backend_pid()"), new NpgsqlBatchCommand("SELECT pg_advisory_unlock($1)") },
                };
                release.BatchCommands[1].Parameters.AddWithValue(Key);
                await release.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException ex)
            {
                // The lock lives with the session, which closes below either way.
                logger.LogDebug("Releasing the reload lock failed: {Error}", ex.Message);
            }

            await connection.DisposeAsync();
        }
    }
}
