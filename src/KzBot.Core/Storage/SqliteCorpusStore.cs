using System.Collections.Concurrent;
using System.Globalization;
using KzBot.Core.Ingestion;
using Microsoft.Data.Sqlite;
using static KzBot.Core.Storage.SqliteCommands;

namespace KzBot.Core.Storage;

/// <summary>Documents, passages and the FTS5 index over them, with term statistics cached until the next reload.</summary>
public sealed class SqliteCorpusStore(SqliteDatabase database) : ICorpusStore
{
    private readonly ConcurrentDictionary<string, long> _documentFrequency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _titleFrequency = new(StringComparer.Ordinal);
    private long _chunkCount = -1;
    private IReadOnlyList<VocabularyTerm>? _vocabulary;

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, source_key, title, format, content_hash, file_size, file_modified, chunk_count, indexed_at, url FROM documents ORDER BY source_key";
        return await StoreRows.DocumentsAsync(command, cancellationToken);
    }

    public async Task ApplyChangesAsync(IndexChangeSet changes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        await using var deleteFts = Command(connection, transaction, "DELETE FROM chunks_fts WHERE rowid IN (SELECT key FROM chunks WHERE document_id = $id)", "$id");
        await using var deleteChunks = Command(connection, transaction, "DELETE FROM chunks WHERE document_id = $id", "$id");
        await using var deleteDocument = Command(connection, transaction, "DELETE FROM documents WHERE id = $id", "$id");

        async Task DeleteAsync(string id)
        {
            foreach (var c in new[] { deleteFts, deleteChunks, deleteDocument })
            {
                c.Parameters["$id"].Value = id;
                await c.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        foreach (var id in changes.RemovedDocumentIds)
        {
            await DeleteAsync(id);
        }

        await using var insertDocument = Command(
            connection,
            transaction,
            "INSERT INTO documents(id, source_key, title, format, content_hash, file_size, file_modified, chunk_count, indexed_at, url, text) VALUES($id, $key, $title, $format, $hash, $size, $modified, $chunks, $indexed, $url, $text)",
            "$id", "$key", "$title", "$format", "$hash", "$size", "$modified", "$chunks", "$indexed", "$url", "$text");
        await using var insertChunk = Command(
            connection,
            transaction,
            "INSERT INTO chunks(id, document_id, ordinal, location, text, start, end, text_hash) VALUES($id, $doc, $ordinal, $location, $text, $start, $end, $hash) RETURNING key",
            "$id", "$doc", "$ordinal", "$location", "$text", "$start", "$end", "$hash");
        await using var insertFts = Command(connection, transaction, "INSERT INTO chunks_fts(rowid, title, body) VALUES($key, $title, $body)", "$key", "$title", "$body");

        foreach (var upsert in changes.Upserts)
        {
            var d = upsert.Document;
            await DeleteAsync(d.Id);
            Set(insertDocument, d.Id, d.SourceKey, d.Title, d.Format, d.ContentHash, d.FileSize, d.FileModified.ToUnixTimeMilliseconds(), upsert.Chunks.Count, d.IndexedAt.ToUnixTimeMilliseconds(), d.Url, upsert.Text);
            await insertDocument.ExecuteNonQueryAsync(cancellationToken);
            foreach (var c in upsert.Chunks)
            {
                Set(insertChunk, c.Id, d.Id, c.Ordinal, c.Location, c.Text, c.Start, c.End, c.TextHash);
                var key = (long)(await insertChunk.ExecuteScalarAsync(cancellationToken))!;
                Set(insertFts, key, d.Title, c.Text);
                await insertFts.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var touch = Command(connection, transaction, "UPDATE documents SET file_size = $size, file_modified = $modified WHERE id = $id", "$size", "$modified", "$id");
        foreach (var d in changes.Touched)
        {
            Set(touch, d.FileSize, d.FileModified.ToUnixTimeMilliseconds(), d.Id);
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }

        if (changes.FailedSources is { } failedSources)
        {
            await using var clear = Command(connection, transaction, "DELETE FROM failed_sources");
            await clear.ExecuteNonQueryAsync(cancellationToken);
            await using var remember = Command(
                connection,
                transaction,
                "INSERT OR REPLACE INTO failed_sources(source_key, file_size, file_modified, content_hash, reason) VALUES($key, $size, $modified, $hash, $reason)",
                "$key", "$size", "$modified", "$hash", "$reason");
            foreach (var f in failedSources)
            {
                Set(remember, f.SourceKey, f.FileSize, f.FileModified.ToUnixTimeMilliseconds(), f.ContentHash, f.Reason);
                await remember.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        _documentFrequency.Clear();
        _titleFrequency.Clear();
        Interlocked.Exchange(ref _chunkCount, -1);
        Volatile.Write(ref _vocabulary, null);
    }

    public async Task<IReadOnlyList<VocabularyTerm>> GetVocabularyAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _vocabulary) is { } cached)
        {
            return cached;
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await ExecuteAsync(connection, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab USING fts5vocab(main, 'chunks_fts', 'row');", cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT term, doc FROM temp.chunks_vocab";
        var list = new List<VocabularyTerm>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new VocabularyTerm(reader.GetString(0), reader.GetInt64(1)));
        }

        Volatile.Write(ref _vocabulary, list);
        return list;
    }

    public async Task<IReadOnlyList<FailedSource>> ListFailedSourcesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT source_key, file_size, file_modified, content_hash, reason FROM failed_sources";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<FailedSource>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new FailedSource(reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3), reader.GetString(4)));
        }

        return list;
    }

    public async Task<IReadOnlyList<ScoredChunk>> SearchLexicalAsync(string ftsQuery, int top, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ftsQuery))
        {
            return [];
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Weights are positional over (title, body): a title match helps, but the passage text decides.
        command.CommandText = "SELECT rowid, bm25(chunks_fts, 0.3, 1.0) AS score FROM chunks_fts WHERE chunks_fts MATCH $q ORDER BY score LIMIT $top";
        command.Parameters.AddWithValue("$q", ftsQuery);
        command.Parameters.AddWithValue("$top", top);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<ScoredChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new ScoredChunk(reader.GetInt64(0), reader.GetDouble(1)));
        }

        return hits;
    }

    public async Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> terms, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        var total = Interlocked.Read(ref _chunkCount);
        if (total < 0)
        {
            total = await ScalarAsync(connection, "SELECT count(*) FROM chunks", cancellationToken);
            Interlocked.Exchange(ref _chunkCount, total);
        }

        // Uncached terms are counted in one statement: a question with its related words asks for dozens.
        var missing = terms.Where(t => !_documentFrequency.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var batch in missing.Chunk(200))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Join(
                " UNION ALL ",
                batch.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"SELECT {i}, (SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $q{i}), (SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $t{i})")));
            for (var i = 0; i < batch.Length; i++)
            {
                var quoted = "\"" + batch[i].Replace("\"", "", StringComparison.Ordinal) + "\"";
                command.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$q{i}"), "body:" + quoted);
                command.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"$t{i}"), "title:" + quoted);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                _titleFrequency[batch[reader.GetInt32(0)]] = reader.GetInt64(2);
                _documentFrequency[batch[reader.GetInt32(0)]] = reader.GetInt64(1);
            }
        }

        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var titles = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            result[term] = _documentFrequency.GetValueOrDefault(term);
            titles[term] = _titleFrequency.GetValueOrDefault(term);
        }

        return new TermStatistics(total, result, titles);
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken)
    {
        if (chunkKeys.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.key, c.id, c.document_id, c.ordinal, d.title, d.source_key || ', ' || c.location, c.text, c.start, c.end, c.text_hash, d.url
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.key IN ({string.Join(',', chunkKeys.Select(k => k.ToString(CultureInfo.InvariantCulture)))})
            """;
        return await StoreRows.ChunksInOrderAsync(command, chunkKeys, cancellationToken);
    }

    public async Task<string?> GetDocumentTextAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<DocumentSummary> GetDocumentSummaryAsync(int sampleTitles, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        var count = await ScalarAsync(connection, "SELECT count(*) FROM documents", cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT title FROM documents ORDER BY source_key LIMIT $n";
        command.Parameters.AddWithValue("$n", sampleTitles);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var titles = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            titles.Add(reader.GetString(0));
        }

        return new DocumentSummary((int)count, titles);
    }
}
