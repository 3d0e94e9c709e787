using System.Runtime.InteropServices;
using KzBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KzBot.Postgres;

/// <summary>
/// Writes a whole store read from another engine into PostgreSQL in one transaction. Passages go through the corpus
/// store's own insert, so their full-text terms are exactly what indexing them here would have made; the rest is
/// copied with COPY. The index version moves on, so running replicas see a new index.
/// </summary>
public sealed class PostgresStoreImport(PostgresDatabase database, PostgresCorpusStore corpus) : IStoreImport
{
    private static readonly string[] Tables =
        ["documents", "chunks", "embeddings", "failed_sources", "answers", "answer_messages", "feedback", "audit", "managed_sources"];

    public string Description => database.Description;

    public async Task<ImportReport> ImportAsync(StoreSnapshot snapshot, bool replace, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Nothing else writes these tables until the copy commits or rolls back (a reload or a second migrate waits).
        await PostgresDatabase.ExecuteAsync(connection, $"LOCK TABLE {string.Join(", ", Tables)}, index_state IN EXCLUSIVE MODE", cancellationToken);
        var existing = (await CountAsync(connection, cancellationToken)).Where(t => t.Rows > 0).ToList();
        if (existing.Count > 0)
        {
            if (!replace)
            {
                throw new StoreNotEmptyException(Description, existing);
            }

            await PostgresDatabase.ExecuteAsync(connection, $"TRUNCATE {string.Join(", ", Tables)} RESTART IDENTITY", cancellationToken);
        }

        foreach (var document in snapshot.Documents)
        {
            await corpus.InsertAsync(connection, transaction, document, cancellationToken);
        }

        await CopyAsync(connection, "embeddings (model, text_hash, vector)", snapshot.Vectors, cancellationToken,
            (v, w, ct) => w.WriteAsync(v.Model, NpgsqlDbType.Text, ct),
            (v, w, ct) => w.WriteAsync(v.TextHash, NpgsqlDbType.Text, ct),
            (v, w, ct) => w.WriteAsync(MemoryMarshal.AsBytes(v.Vector.AsSpan()).ToArray(), NpgsqlDbType.Bytea, ct));
        await CopyAsync(connection, "failed_sources (source_key, file_size, file_modified, content_hash, reason)", snapshot.FailedSources, cancellationToken,
            (f, w, ct) => w.WriteAsync(f.SourceKey, NpgsqlDbType.Text, ct),
            (f, w, ct) => w.WriteAsync(f.FileSize, NpgsqlDbType.Bigint, ct),
            (f, w, ct) => w.WriteAsync(f.FileModified.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, ct),
            (f, w, ct) => w.WriteAsync(f.ContentHash, NpgsqlDbType.Text, ct),
            (f, w, ct) => w.WriteAsync(f.Reason, NpgsqlDbType.Text, ct));
        await CopyAsync(connection, "answers (id, platform, chat_id, user_id, question, answer_text, refused, latency_ms, at, citations)", snapshot.Answers, cancellationToken,
            (a, w, ct) => w.WriteAsync(a.Id, NpgsqlDbType.Text, ct),
            (a, w, ct) => w.WriteAsync(a.Platform, NpgsqlDbType.Text, ct),
            (a, w, ct) => w.WriteAsync(a.ChatId, NpgsqlDbType.Text, ct),
            (a, w, ct) => w.WriteAsync(a.UserId, NpgsqlDbType.Text, ct),
            (a, w, ct) => w.WriteAsync(a.Question, NpgsqlDbType.Text, ct),
            (a, w, ct) => w.WriteAsync(a.AnswerText, NpgsqlDbType.Text, ct),
            (a, w, ct) => w.WriteAsync(a.Refused, NpgsqlDbType.Boolean, ct),
            (a, w, ct) => w.WriteAsync(a.LatencyMs, NpgsqlDbType.Double, ct),
            (a, w, ct) => w.WriteAsync(a.At.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, ct),
            (a, w, ct) => TextOrNullAsync(w, a.CitationsJson, ct));
        await CopyAsync(connection, "answer_messages (platform, chat_id, message_id, answer_id)", snapshot.AnswerMessages, cancellationToken,
            (m, w, ct) => w.WriteAsync(m.Platform, NpgsqlDbType.Text, ct),
            (m, w, ct) => w.WriteAsync(m.ChatId, NpgsqlDbType.Text, ct),
            (m, w, ct) => w.WriteAsync(m.MessageId, NpgsqlDbType.Text, ct),
            (m, w, ct) => w.WriteAsync(m.AnswerId, NpgsqlDbType.Text, ct));
        await CopyAsync(connection, "feedback (answer_id, platform, user_id, value, at)", snapshot.Feedback, cancellationToken,
            (f, w, ct) => w.WriteAsync(f.AnswerId, NpgsqlDbType.Text, ct),
            (f, w, ct) => w.WriteAsync(f.Platform, NpgsqlDbType.Text, ct),
            (f, w, ct) => w.WriteAsync(f.UserId, NpgsqlDbType.Text, ct),
            (f, w, ct) => w.WriteAsync(f.Value, NpgsqlDbType.Integer, ct),
            (f, w, ct) => w.WriteAsync(f.At.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, ct));
        await CopyAsync(connection, "audit (at, platform, user_id, guild_id, chat_id, command, allowed, detail)", snapshot.Audit, cancellationToken,
            (e, w, ct) => w.WriteAsync(e.At.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, ct),
            (e, w, ct) => w.WriteAsync(e.Platform, NpgsqlDbType.Text, ct),
            (e, w, ct) => w.WriteAsync(e.UserId, NpgsqlDbType.Text, ct),
            (e, w, ct) => TextOrNullAsync(w, e.GuildId, ct),
            (e, w, ct) => w.WriteAsync(e.ChatId, NpgsqlDbType.Text, ct),
            (e, w, ct) => w.WriteAsync(e.Command, NpgsqlDbType.Text, ct),
            (e, w, ct) => w.WriteAsync(e.Allowed, NpgsqlDbType.Boolean, ct),
            (e, w, ct) => TextOrNullAsync(w, e.Detail, ct));
        await CopyAsync(connection, "managed_sources (id, file_name, origin, location, content_type, added_by, added_at, etag, last_modified, content_hash, bytes)", snapshot.ManagedSources, cancellationToken,
            (s, w, ct) => w.WriteAsync(s.Id, NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.FileName, NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.Origin.ToString(), NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.Location, NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.ContentType, NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.AddedBy, NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.AddedAt.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, ct),
            (s, w, ct) => TextOrNullAsync(w, s.ETag, ct),
            (s, w, ct) => TextOrNullAsync(w, s.LastModified, ct),
            (s, w, ct) => w.WriteAsync(s.ContentHash, NpgsqlDbType.Text, ct),
            (s, w, ct) => w.WriteAsync(s.Bytes, NpgsqlDbType.Bigint, ct));

        // Announced like a reload: running replicas refresh when the copy commits.
        var version = await PostgresDatabase.ScalarAsync(
            connection,
            $"WITH v AS (UPDATE index_state SET version = version + 1 RETURNING version) SELECT version, pg_notify('{PostgresCorpusStore.IndexChannel}', version::text) FROM v",
            cancellationToken);
        var written = await CountAsync(connection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        corpus.Forget();
        return new ImportReport(written, version);
    }

    private static async Task<IReadOnlyList<ImportedTable>> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(string.Join(" UNION ALL ", Tables.Select(t => $"SELECT '{t}', count(*) FROM {t}")), connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ImportedTable>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ImportedTable(reader.GetString(0), reader.GetInt64(1)));
        }

        return list;
    }

    private static async Task CopyAsync<T>(
        NpgsqlConnection connection,
        string target,
        IReadOnlyList<T> rows,
        CancellationToken cancellationToken,
        params Func<T, NpgsqlBinaryImporter, CancellationToken, Task>[] columns)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                await column(row, writer, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static Task TextOrNullAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
