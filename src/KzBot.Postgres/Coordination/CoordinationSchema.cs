using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// The replica coordination's own tables, created on first use by whichever replica gets there first (under a
/// transaction-level advisory lock, so two starting replicas do not race on CREATE TABLE).
/// </summary>
internal sealed class CoordinationSchema(NpgsqlDataSource dataSource)
{
    /// <summary>Update ids older than this are forgotten: Telegram keeps an undelivered update for 24 hours.</summary>
    private const string ClaimsKeptFor = "2 days";

    private const long SchemaLockKey = 0x6b7a_626f_7463_6f6f;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ready))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"""
                SELECT pg_advisory_xact_lock({SchemaLockKey});
                CREATE TABLE IF NOT EXISTS kzbot_update_claims (
                    platform text NOT NULL,
                    update_id bigint NOT NULL,
                    claimed_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (platform, update_id));
                CREATE TABLE IF NOT EXISTS kzbot_turns (
                    key text PRIMARY KEY,
                    slot timestamptz NOT NULL);
                CREATE TABLE IF NOT EXISTS kzbot_reloads (
                    pid integer PRIMARY KEY,
                    started_by text NOT NULL,
                    started_at timestamptz);
                CREATE TABLE IF NOT EXISTS kzbot_rate_windows (
                    key text PRIMARY KEY,
                    times timestamptz[] NOT NULL);
                CREATE TABLE IF NOT EXISTS kzbot_confirmations (
                    token text PRIMARY KEY,
                    platform text NOT NULL,
                    user_id text NOT NULL,
                    command text NOT NULL,
                    argument text NOT NULL,
                    expires timestamptz NOT NULL);
                DELETE FROM kzbot_update_claims WHERE claimed_at < now() - interval '{ClaimsKeptFor}';
                """,
                connection,
                transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Volatile.Write(ref _ready, true);
        }
        finally
        {
            _gate.Release();
        }
    }
}
