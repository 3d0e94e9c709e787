using KzBot.Core.Coordination;
using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>An update is claimed by inserting its id; the primary key lets exactly one replica succeed.</summary>
internal sealed class PostgresUpdateClaims(NpgsqlDataSource dataSource, CoordinationSchema schema) : IUpdateClaims
{
    public async ValueTask<bool> TryClaimAsync(string platform, long updateId, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO kzbot_update_claims (platform, update_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = platform });
        command.Parameters.Add(new NpgsqlParameter { Value = updateId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async ValueTask ReleaseAsync(string platform, long updateId, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("DELETE FROM kzbot_update_claims WHERE platform = $1 AND update_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = platform });
        command.Parameters.Add(new NpgsqlParameter { Value = updateId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
