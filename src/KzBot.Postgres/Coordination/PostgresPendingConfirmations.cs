using KzBot.Core.Chat;
using Npgsql;

namespace KzBot.Postgres.Coordination;

/// <summary>
/// Confirmation buttons every replica can honour: the pending action is a row, so a press delivered to another
/// replica (a webhook behind a load balancer) finds it, and the row is deleted by the one press that runs it.
/// Expiry is judged on the replica's clock, as in one process.
/// </summary>
internal sealed class PostgresPendingConfirmations(NpgsqlDataSource dataSource, CoordinationSchema schema, TimeProvider time) : IPendingConfirmations
{
    public async ValueTask<string> CreateAsync(string platform, string userId, string command, string argument, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var now = time.GetUtcNow();
        var token = PendingConfirmations.NewToken();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM kzbot_confirmations WHERE expires <= $1") { Parameters = { new() { Value = now } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO kzbot_confirmations(token, platform, user_id, command, argument, expires) VALUES($1, $2, $3, $4, $5, $6)")
        {
            Parameters =
            {
                new() { Value = token },
                new() { Value = platform },
                new() { Value = userId },
                new() { Value = command },
                new() { Value = argument },
                new() { Value = now + PendingConfirmations.Lifetime },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    public async ValueTask<TakenConfirmation> TakeAsync(string token, string platform, string userId, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pending = await ReadAsync(connection, "SELECT platform, user_id, command, argument, expires FROM kzbot_confirmations WHERE token = $1", token, cancellationToken);
        if (pending is not null && !PendingConfirmations.BelongsTo(pending, platform, userId))
        {
            return new TakenConfirmation(null, PendingConfirmations.NotYours);
        }

        // Two presses racing (on two replicas) both read the row; only the one whose DELETE returns it runs the action.
        var taken = await ReadAsync(connection, "DELETE FROM kzbot_confirmations WHERE token = $1 RETURNING platform, user_id, command, argument, expires", token, cancellationToken);
        return PendingConfirmations.Judge(taken, time.GetUtcNow());
    }

    private static async Task<PendingAction?> ReadAsync(NpgsqlConnection connection, string sql, string token, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = token } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PendingAction(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }
}
