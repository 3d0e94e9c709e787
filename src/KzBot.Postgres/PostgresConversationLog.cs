using KzBot.Core.Resilience;
using KzBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KzBot.Postgres;

/// <summary>Answers, the platform message map, feedback, the audit trail and usage totals in PostgreSQL.</summary>
public sealed class PostgresConversationLog(PostgresDatabase database) : IConversationLog
{
    private const string AnswerColumns = "id, platform, chat_id, user_id, question, answer_text, refused, latency_ms, at, citations";

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async Task RecordAnswerAsync(AnswerRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO answers({AnswerColumns}) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT(id) DO UPDATE SET platform = excluded.platform, chat_id = excluded.chat_id, user_id = excluded.user_id,
                question = excluded.question, answer_text = excluded.answer_text, refused = excluded.refused,
                latency_ms = excluded.latency_ms, at = excluded.at, citations = excluded.citations
            """, connection);
        var r = record;
        command.Parameters.AddWithValue(r.Id);
        command.Parameters.AddWithValue(r.Platform);
        command.Parameters.AddWithValue(r.ChatId);
        command.Parameters.AddWithValue(r.UserId);
        command.Parameters.AddWithValue(r.Question);
        command.Parameters.AddWithValue(r.AnswerText);
        command.Parameters.AddWithValue(r.Refused);
        command.Parameters.AddWithValue(r.LatencyMs);
        command.Parameters.AddWithValue(r.At.ToUnixTimeMilliseconds());
        command.Parameters.Add(Text(r.CitationsJson));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AnswerRecord?> GetAnswerAsync(string answerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {AnswerColumns} FROM answers WHERE id = $1", connection);
        command.Parameters.AddWithValue(answerId);
        return await StoreRows.SingleAnswerAsync(command, cancellationToken);
    }

    public async Task<AnswerRecord?> GetLatestAnswerAsync(string platform, string chatId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {AnswerColumns} FROM answers WHERE platform = $1 AND chat_id = $2 AND at >= $3 ORDER BY at DESC LIMIT 1", connection);
        command.Parameters.AddWithValue(platform);
        command.Parameters.AddWithValue(chatId);
        command.Parameters.AddWithValue(notBefore.ToUnixTimeMilliseconds());
        return await StoreRows.SingleAnswerAsync(command, cancellationToken);
    }

    public async Task RecordAnswerMessagesAsync(string platform, string chatId, IReadOnlyCollection<string> messageIds, string answerId, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO answer_messages(platform, chat_id, message_id, answer_id) SELECT $1, $2, m, $3 FROM unnest($4::text[]) AS m
            ON CONFLICT(platform, chat_id, message_id) DO UPDATE SET answer_id = excluded.answer_id
            """, connection);
        command.Parameters.AddWithValue(platform);
        command.Parameters.AddWithValue(chatId);
        command.Parameters.AddWithValue(answerId);
        command.Parameters.AddWithValue(messageIds.Distinct(StringComparer.Ordinal).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> FindAnswerByMessageAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT answer_id FROM answer_messages WHERE platform = $1 AND chat_id = $2 AND message_id = $3", connection);
        command.Parameters.AddWithValue(platform);
        command.Parameters.AddWithValue(chatId);
        command.Parameters.AddWithValue(messageId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO feedback(answer_id, platform, user_id, value, at) VALUES($1, $2, $3, $4, $5)
            ON CONFLICT(answer_id, platform, user_id) DO UPDATE SET value = excluded.value, at = excluded.at
            """, connection);
        var f = feedback;
        command.Parameters.AddWithValue(f.AnswerId);
        command.Parameters.AddWithValue(f.Platform);
        command.Parameters.AddWithValue(f.UserId);
        command.Parameters.AddWithValue(f.Value);
        command.Parameters.AddWithValue(f.At.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int?> GetFeedbackAsync(string answerId, string platform, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT value FROM feedback WHERE answer_id = $1 AND platform = $2 AND user_id = $3", connection);
        command.Parameters.AddWithValue(answerId);
        command.Parameters.AddWithValue(platform);
        command.Parameters.AddWithValue(userId);
        return await command.ExecuteScalarAsync(cancellationToken) is int v ? v : null;
    }

    public async Task RecordAuditAsync(AuditRecord entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit(at, platform, user_id, guild_id, chat_id, command, allowed, detail) VALUES($1, $2, $3, $4, $5, $6, $7, $8)", connection);
        var e = entry;
        command.Parameters.AddWithValue(e.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue(e.Platform);
        command.Parameters.AddWithValue(e.UserId);
        command.Parameters.Add(Text(e.GuildId));
        command.Parameters.AddWithValue(e.ChatId);
        command.Parameters.AddWithValue(e.Command);
        command.Parameters.AddWithValue(e.Allowed);
        command.Parameters.Add(Text(e.Detail));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(int top, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT at, platform, user_id, guild_id, chat_id, command, allowed, detail FROM audit ORDER BY id DESC LIMIT $1", connection);
        command.Parameters.AddWithValue(top);
        return await StoreRows.AuditAsync(command, cancellationToken);
    }

    public async Task<UsageStatistics> GetUsageStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM answers), (SELECT count(*) FROM answers WHERE refused),
                   (SELECT count(*) FROM feedback WHERE value > 0), (SELECT count(*) FROM feedback WHERE value < 0),
                   (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks)
            """, connection);
        long questions, refused, up, down, documents, chunks;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (questions, refused, up, down, documents, chunks) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        }

        var latencies = new List<double>();
        await using (var recent = new NpgsqlCommand("SELECT latency_ms FROM (SELECT latency_ms FROM answers ORDER BY at DESC LIMIT 10000) r ORDER BY latency_ms", connection))
        await using (var reader = await recent.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                latencies.Add(reader.GetDouble(0));
            }
        }

        return new UsageStatistics(questions, questions - refused, refused, up, down, Percentile.Of(latencies, 0.50), Percentile.Of(latencies, 0.95), (int)documents, (int)chunks);
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
