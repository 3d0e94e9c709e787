using KzBot.Core.Coordination;
using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// Slots kept in one row per key: the upsert's row lock orders concurrent callers, each moving the slot at least a
/// spacing past the previous one. Times are the database server's, so replicas' clocks need not agree.
/// </summary>
internal sealed class PostgresSharedTurns(NpgsqlDataSource dataSource, CoordinationSchema schema) : ISharedTurns
{
    public async Task<TimeSpan> ReserveAsync(string key, TimeSpan spacing, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO kzbot_turns AS t (key, slot) VALUES ($1, clock_timestamp())
            ON CONFLICT (key) DO UPDATE SET slot = GREATEST(clock_timestamp(), t.slot + $2)
            RETURNING slot - clock_timestamp()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = spacing });
        var wait = (TimeSpan)(await command.ExecuteScalarAsync(cancellationToken))!;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
