using KzBot.Core.Resilience;
using static KzBot.Core.Storage.SqliteCommands;

namespace KzBot.Core.Storage;

/// <summary>Answers, the platform message map, feedback, the audit trail and usage totals.</summary>
public sealed class SqliteConversationLog(SqliteDatabase database) : IConversationLog
{
    internal const string AnswerColumns = "id, platform, chat_id, user_id, question, answer_text, refused, latency_ms, at, citations";

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async Task RecordAnswerAsync(AnswerRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "INSERT OR REPLACE INTO answers(id, platform, chat_id, user_id, question, answer_text, refused, latency_ms, at, citations) VALUES($id, $p, $c, $u, $q, $a, $r, $l, $at, $cit)",
            "$id", "$p", "$c", "$u", "$q", "$a", "$r", "$l", "$at", "$cit");
        var r = record;
        Set(command, r.Id, r.Platform, r.ChatId, r.UserId, r.Question, r.AnswerText, r.Refused ? 1 : 0, r.LatencyMs, r.At.ToUnixTimeMilliseconds(), r.CitationsJson);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AnswerRecord?> GetAnswerAsync(string answerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AnswerColumns} FROM answers WHERE id = $id";
        command.Parameters.AddWithValue("$id", answerId);
        return await StoreRows.SingleAnswerAsync(command, cancellationToken);
    }

    public async Task<AnswerRecord?> GetLatestAnswerAsync(string platform, string chatId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AnswerColumns} FROM answers WHERE platform = $p AND chat_id = $c AND at >= $since ORDER BY at DESC LIMIT 1";
        command.Parameters.AddWithValue("$p", platform);
        command.Parameters.AddWithValue("$c", chatId);
        command.Parameters.AddWithValue("$since", notBefore.ToUnixTimeMilliseconds());
        return await StoreRows.SingleAnswerAsync(command, cancellationToken);
    }

    public async Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "INSERT INTO feedback(answer_id, platform, user_id, value, at) VALUES($a, $p, $u, $v, $at) ON CONFLICT(answer_id, platform, user_id) DO UPDATE SET value = excluded.value, at = excluded.at",
            "$a", "$p", "$u", "$v", "$at");
        var f = feedback;
        Set(command, f.AnswerId, f.Platform, f.UserId, f.Value, f.At.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int?> GetFeedbackAsync(string answerId, string platform, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT value FROM feedback WHERE answer_id = $a AND platform = $p AND user_id = $u", "$a", "$p", "$u");
        Set(command, answerId, platform, userId);
        return await command.ExecuteScalarAsync(cancellationToken) is long v ? (int)v : null;
    }

    public async Task RecordAuditAsync(AuditRecord entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "INSERT INTO audit(at, platform, user_id, guild_id, chat_id, command, allowed, detail) VALUES($at, $p, $u, $g, $c, $cmd, $ok, $d)",
            "$at", "$p", "$u", "$g", "$c", "$cmd", "$ok", "$d");
        var e = entry;
        Set(command, e.At.ToUnixTimeMilliseconds(), e.Platform, e.UserId, e.GuildId, e.ChatId, e.Command, e.Allowed ? 1 : 0, e.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(int top, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, platform, user_id, guild_id, chat_id, command, allowed, detail FROM audit ORDER BY id DESC LIMIT $top";
        command.Parameters.AddWithValue("$top", top);
        return await StoreRows.AuditAsync(command, cancellationToken);
    }

    public async Task<UsageStatistics> GetUsageStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        var questions = await ScalarAsync(connection, "SELECT count(*) FROM answers", cancellationToken);
        var refused = await ScalarAsync(connection, "SELECT count(*) FROM answers WHERE refused = 1", cancellationToken);
        var up = await ScalarAsync(connection, "SELECT count(*) FROM feedback WHERE value > 0", cancellationToken);
        var down = await ScalarAsync(connection, "SELECT count(*) FROM feedback WHERE value < 0", cancellationToken);
        var documents = await ScalarAsync(connection, "SELECT count(*) FROM documents", cancellationToken);
        var chunks = await ScalarAsync(connection, "SELECT count(*) FROM chunks", cancellationToken);

        var latencies = new List<double>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT latency_ms FROM (SELECT latency_ms FROM answers ORDER BY at DESC LIMIT 10000) ORDER BY latency_ms";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                latencies.Add(reader.GetDouble(0));
            }
        }

        return new UsageStatistics(questions, questions - refused, refused, up, down, Percentile.Of(latencies, 0.50), Percentile.Of(latencies, 0.95), (int)documents, (int)chunks);
    }

    public async Task RecordAnswerMessagesAsync(string platform, string chatId, IReadOnlyCollection<string> messageIds, string answerId, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var command = Command(
            connection,
            transaction,
            "INSERT OR REPLACE INTO answer_messages(platform, chat_id, message_id, answer_id) VALUES($p, $c, $m, $a)",
            "$p", "$c", "$m", "$a");
        foreach (var id in messageIds)
        {
            Set(command, platform, chatId, id, answerId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<string?> FindAnswerByMessageAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT answer_id FROM answer_messages WHERE platform = $p AND chat_id = $c AND message_id = $m",
            "$p", "$c", "$m");
        Set(command, platform, chatId, messageId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
