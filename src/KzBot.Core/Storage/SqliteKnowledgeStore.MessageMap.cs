namespace KzBot.Core.Storage;

/// <summary>The platform message ↔ answer map, in its own table created on first use.</summary>
public sealed partial class SqliteKnowledgeStore
{
    private const string MessageMapSchema = """
        CREATE TABLE IF NOT EXISTS answer_messages(
            platform TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            PRIMARY KEY(platform, chat_id, message_id)) WITHOUT ROWID;
        """;

    private volatile bool _messageMapReady;

    public async Task RecordAnswerMessagesAsync(string platform, string chatId, IReadOnlyCollection<string> messageIds, string answerId, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0)
        {
            return;
        }

        await using var connection = await OpenMessageMapAsync(cancellationToken);
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
        await using var connection = await OpenMessageMapAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT answer_id FROM answer_messages WHERE platform = $p AND chat_id = $c AND message_id = $m",
            "$p", "$c", "$m");
        Set(command, platform, chatId, messageId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<Microsoft.Data.Sqlite.SqliteConnection> OpenMessageMapAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenReadyAsync(cancellationToken);
        if (!_messageMapReady)
        {
            await ExecuteAsync(connection, MessageMapSchema, cancellationToken);
            _messageMapReady = true;
        }

        return connection;
    }
}
