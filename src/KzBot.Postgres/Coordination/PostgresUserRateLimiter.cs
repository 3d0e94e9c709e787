using KzBot.Core.Chat;
using KzBot.Core.Options;
using KzBot.Core.Resilience;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// The per-user question limit shared by every replica: each user's recent question times are one row, read and
/// written back in one transaction whose upsert locks the row, so replicas counting the same user take turns and
/// the same <see cref="SlidingWindow"/> as in one process decides. Times are the database server's, so replicas'
/// clocks need not agree. Rows of users whose window has emptied are deleted once per window, skipping rows in use.
/// </summary>
internal sealed class PostgresUserRateLimiter(
    NpgsqlDataSource dataSource,
    CoordinationSchema schema,
    IOptions<RateLimitOptions> options,
    TimeProvider time) : IUserRateLimiter
{
    private long _nextSweepTicks;

    public async ValueTask<RateDecision> TryAcquireAsync(string key, CancellationToken cancellationToken)
    {
        var limit = options.Value.QuestionsPerWindow;
        if (limit <= 0)
        {
            return RateDecision.Allow;
        }

        var window = options.Value.Window;
        await schema.EnsureAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        bool allowed;
        TimeSpan retryAfter;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            SlidingWindow user;
            DateTimeOffset now;
            await using (var read = new NpgsqlCommand(
                """
                INSERT INTO kzbot_rate_windows AS w (key, times) VALUES ($1, '{}') ON CONFLICT (key) DO UPDATE SET key = w.key
                RETURNING w.times, clock_timestamp()
                """,
                connection,
                transaction))
            {
                read.Parameters.Add(new NpgsqlParameter { Value = key });
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                user = new SlidingWindow(reader.GetFieldValue<DateTime[]>(0).Select(t => new DateTimeOffset(t)));
                now = new DateTimeOffset(reader.GetFieldValue<DateTime>(1));
            }

            allowed = user.TryTake(now, limit, window, out retryAfter);
            await using (var write = new NpgsqlCommand("UPDATE kzbot_rate_windows SET times = $2 WHERE key = $1", connection, transaction))
            {
                write.Parameters.Add(new NpgsqlParameter { Value = key });
                write.Parameters.Add(new NpgsqlParameter
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                    Value = user.Times.Select(t => t.UtcDateTime).ToArray(),
                });
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await SweepIfDueAsync(connection, window, cancellationToken);
        return allowed ? RateDecision.Allow : RateDecision.Wait(retryAfter);
    }

    // Without this the table keeps one row per user who ever asked.
    private async Task SweepIfDueAsync(NpgsqlConnection connection, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + window).UtcTicks, due) != due)
        {
            return;
        }

        await using var sweep = new NpgsqlCommand(
            """
            DELETE FROM kzbot_rate_windows WHERE key IN (
                SELECT key FROM kzbot_rate_windows
                WHERE cardinality(times) = 0 OR times[cardinality(times)] <= clock_timestamp() - $1
                FOR UPDATE SKIP LOCKED)
            """,
            connection);
        sweep.Parameters.Add(new NpgsqlParameter { Value = window });
        await sweep.ExecuteNonQueryAsync(cancellationToken);
    }
}
