using System.Runtime.InteropServices;
using KzBot.Core.Ingestion;
using Microsoft.Data.Sqlite;

namespace KzBot.Core.Storage;

/// <summary>
/// Reads the whole SQLite store for <c>kzbot migrate</c>: what the roles already list comes through them, and the
/// rest (document text with passages, vectors, answers, the message map, feedback) in one read transaction here.
/// </summary>
public sealed class SqliteStoreExport(SqliteDatabase database, ICorpusStore corpus, IConversationLog log, IManagedSourceCatalog catalog) : IStoreExport
{
    public string Description => database.FilePath;

    public async Task<StoreSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var documents = await corpus.ListDocumentsAsync(cancellationToken);
        var failed = await corpus.ListFailedSourcesAsync(cancellationToken);
        var audit = await log.ListAuditAsync(int.MaxValue, cancellationToken);
        var managed = await catalog.ListAsync(cancellationToken);

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var texts = await ReadAsync(transaction, "SELECT id, text FROM documents", r => (Id: r.GetString(0), Text: r.GetString(1)), cancellationToken);
        var chunks = await ReadAsync(
            transaction,
            "SELECT document_id, id, ordinal, location, text, start, end, text_hash FROM chunks ORDER BY document_id, ordinal",
            r => (DocumentId: r.GetString(0), Chunk: new IngestedChunk(r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetInt32(6), r.GetString(7))),
            cancellationToken);
        var vectors = await ReadAsync(
            transaction,
            "SELECT model, text_hash, vector FROM embeddings ORDER BY model, text_hash",
            r => new StoredVector(r.GetString(0), r.GetString(1), MemoryMarshal.Cast<byte, float>((byte[])r.GetValue(2)).ToArray()),
            cancellationToken);
        var answers = await ReadAsync(transaction, $"SELECT {SqliteConversationLog.AnswerColumns} FROM answers ORDER BY at, id", StoreRows.Answer, cancellationToken);
        var messages = await ReadAsync(
            transaction,
            "SELECT platform, chat_id, message_id, answer_id FROM answer_messages",
            r => new AnswerMessage(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)),
            cancellationToken);
        var feedback = await ReadAsync(
            transaction,
            "SELECT answer_id, platform, user_id, value, at FROM feedback ORDER BY at",
            r => new FeedbackRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))),
            cancellationToken);

        var textById = texts.ToDictionary(t => t.Id, t => t.Text, StringComparer.Ordinal);
        var chunksByDocument = chunks.ToLookup(c => c.DocumentId, c => c.Chunk, StringComparer.Ordinal);
        var ingested = documents
            .Where(d => textById.ContainsKey(d.Id))
            .Select(d => new IngestedDocument(d, textById[d.Id], chunksByDocument[d.Id].ToList()))
            .ToList();

        // The audit role lists newest first; the copy keeps the order entries were written in.
        return new StoreSnapshot(ingested, vectors, failed, answers, messages, feedback, [.. audit.Reverse()], managed);
    }

    private static async Task<List<T>> ReadAsync<T>(SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(read(reader));
        }

        return list;
    }
}
