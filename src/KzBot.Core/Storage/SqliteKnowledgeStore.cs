using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Resilience;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Storage;

/// <summary>The default store: one SQLite file (WAL mode, so readers keep serving while a reload writes).</summary>
public sealed partial class SqliteKnowledgeStore : IKnowledgeStore, IAnswerMessageMap
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _documentFrequency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _titleFrequency = new(StringComparer.Ordinal);
    private long _chunkCount = -1;
    private IReadOnlyList<VocabularyTerm>? _vocabulary;
    private volatile bool _initialized;

    public SqliteKnowledgeStore(IOptions<StorageOptions> options)
    {
        _path = Path.GetFullPath(options.Value.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            try
            {
                PrepareFolder();

                // A damaged file must never be written to (not even the journal mode or the schema), so an
                // existing file is read through a read-only connection first: SQLite reports a truncated or
                // overwritten file there.
                if (File.Exists(_path))
                {
                    await ProbeReadOnlyAsync(cancellationToken);
                }

                await using var connection = await OpenAsync(cancellationToken);
                await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);
                await ExecuteAsync(connection, SqliteSchema.Create, cancellationToken);
                await ExecuteAsync(connection, $"INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '{SqliteSchema.Version}');", cancellationToken);
            }
            catch (Exception ex) when (StoreUnavailableException.From(_path, ex) is { } unavailable && unavailable != ex)
            {
                throw unavailable;
            }

            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    private void PrepareFolder()
    {
        var directory = Path.GetDirectoryName(_path);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        if (File.Exists(directory))
        {
            throw new StoreUnavailableException(_path, StoreProblem.CannotOpen, $"{directory} is a file, not a folder");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(_path, StoreProblem.CannotOpen, $"the folder {directory} cannot be created: {ex.Message}", ex);
        }
    }

    private async Task ProbeReadOnlyAsync(CancellationToken cancellationToken)
    {
        var readOnly = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(readOnly);
        await connection.OpenAsync(cancellationToken);
        await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master", cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, source_key, title, format, content_hash, file_size, file_modified, chunk_count, indexed_at, url FROM documents ORDER BY source_key";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredDocument>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredDocument(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.GetInt32(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return list;
    }

    public async Task ApplyChangesAsync(IndexChangeSet changes, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
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

        await using var connection = await OpenReadyAsync(cancellationToken);
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
        await using var connection = await OpenReadyAsync(cancellationToken);
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

        await using var connection = await OpenReadyAsync(cancellationToken);
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
        await using var connection = await OpenReadyAsync(cancellationToken);
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

        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.key, c.id, c.document_id, c.ordinal, d.title, d.source_key || ', ' || c.location, c.text, c.start, c.end, c.text_hash, d.url
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.key IN ({string.Join(',', chunkKeys.Select(k => k.ToString(CultureInfo.InvariantCulture)))})
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byKey = new Dictionary<long, StoredChunk>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var chunk = new StoredChunk(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetInt32(7),
                reader.GetInt32(8),
                reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10));
            byKey[chunk.Key] = chunk;
        }

        return chunkKeys.Where(byKey.ContainsKey).Select(k => byKey[k]).ToList();
    }

    public async Task<string?> GetDocumentTextAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM documents WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyDictionary<string, float[]>> GetEmbeddingsAsync(string model, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (textHashes.Count == 0)
        {
            return result;
        }

        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector FROM embeddings WHERE model = $model AND text_hash = $hash";
        command.Parameters.AddWithValue("$model", model);
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        foreach (var h in textHashes)
        {
            hash.Value = h;
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] blob)
            {
                result[h] = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            }
        }

        return result;
    }

    public async Task SaveEmbeddingsAsync(string model, IReadOnlyDictionary<string, float[]> vectorsByTextHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Command(connection, transaction, "INSERT OR REPLACE INTO embeddings(model, text_hash, vector) VALUES($model, $hash, $vector)", "$model", "$hash", "$vector");
        foreach (var (hash, vector) in vectorsByTextHash)
        {
            Set(insert, model, hash, MemoryMarshal.AsBytes(vector.AsSpan()).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> DeleteOrphanedEmbeddingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM embeddings WHERE text_hash NOT IN (SELECT text_hash FROM chunks)";
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EmbeddingCoverage> GetEmbeddingCoverageAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(DISTINCT text_hash) FROM chunks),
                   (SELECT count(*) FROM (SELECT text_hash FROM chunks EXCEPT SELECT text_hash FROM embeddings WHERE model = $model))
            """;
        command.Parameters.AddWithValue("$model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new EmbeddingCoverage(reader.GetInt32(0), reader.GetInt32(1));
    }

    public async Task<LeaseResult> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement, so two processes racing for an expired lease cannot both win.
        command.CommandText = """
            INSERT INTO leases(name, owner, expires) VALUES($name, $owner, $expires)
            ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
            WHERE leases.owner = excluded.owner OR leases.expires <= $now
            RETURNING owner, expires
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$expires", (now + duration).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return new LeaseResult(true, owner, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
            }
        }

        await using var holder = connection.CreateCommand();
        holder.CommandText = "SELECT owner, expires FROM leases WHERE name = $name";
        holder.Parameters.AddWithValue("$name", name);
        await using var held = await holder.ExecuteReaderAsync(cancellationToken);
        return await held.ReadAsync(cancellationToken)
            ? new LeaseResult(false, held.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(held.GetInt64(1)))
            : new LeaseResult(false, "", now);
    }

    public async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM leases WHERE name = $name AND owner = $owner";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$owner", owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long ChunkKey, string TextHash)>> ListChunkHashesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, text_hash FROM chunks ORDER BY key";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return list;
    }

    public async Task<IReadOnlyList<PendingEmbedding>> ListChunksWithoutEmbeddingAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        var missing = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            // Keys and hashes only (a covering index scan): after an unchanged reload this finds nothing, and
            // reading every chunk's text just to learn that grows with the corpus.
            command.CommandText = """
                SELECT min(c.key), c.text_hash FROM chunks c
                WHERE c.text_hash IN (SELECT text_hash FROM chunks EXCEPT SELECT text_hash FROM embeddings WHERE model = $model)
                GROUP BY c.text_hash
                """;
            command.Parameters.AddWithValue("$model", model);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                missing[reader.GetString(1)] = reader.GetInt64(0);
            }
        }

        if (missing.Count == 0)
        {
            return [];
        }

        var chunks = await GetChunksAsync(missing.Values.ToList(), cancellationToken);
        return chunks.Select(c => new PendingEmbedding(c.TextHash, c.Text)).ToList();
    }

    public async Task<int> ReadChunkVectorsAsync(string model, ChunkVectorSink sink, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.key, e.vector FROM chunks c JOIN embeddings e ON e.model = $model AND e.text_hash = c.text_hash ORDER BY c.key";
        command.Parameters.AddWithValue("$model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        // One reused buffer instead of an array per row, so loading vectors makes no garbage per chunk.
        var buffer = new byte[4 * 1024];
        var count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var length = (int)reader.GetBytes(1, 0, null, 0, 0);
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            reader.GetBytes(1, 0, buffer, 0, length);
            sink(reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)));
            count++;
        }

        return count;
    }

    public async Task<DocumentSummary> GetDocumentSummaryAsync(int sampleTitles, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
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

    public async Task RecordAnswerAsync(AnswerRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
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
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, platform, chat_id, user_id, question, answer_text, refused, latency_ms, at, citations FROM answers WHERE id = $id";
        command.Parameters.AddWithValue("$id", answerId);
        return await ReadAnswerAsync(command, cancellationToken);
    }

    public async Task<AnswerRecord?> GetLatestAnswerAsync(string platform, string chatId, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, platform, chat_id, user_id, question, answer_text, refused, latency_ms, at, citations FROM answers WHERE platform = $p AND chat_id = $c AND at >= $since ORDER BY at DESC LIMIT 1";
        command.Parameters.AddWithValue("$p", platform);
        command.Parameters.AddWithValue("$c", chatId);
        command.Parameters.AddWithValue("$since", notBefore.ToUnixTimeMilliseconds());
        return await ReadAnswerAsync(command, cancellationToken);
    }

    public async Task RecordFeedbackAsync(FeedbackRecord feedback, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
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
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT value FROM feedback WHERE answer_id = $a AND platform = $p AND user_id = $u", "$a", "$p", "$u");
        Set(command, answerId, platform, userId);
        return await command.ExecuteScalarAsync(cancellationToken) is long v ? (int)v : null;
    }

    public async Task RecordAuditAsync(AuditRecord entry, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
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
        await using var connection = await OpenReadyAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, platform, user_id, guild_id, chat_id, command, allowed, detail FROM audit ORDER BY id DESC LIMIT $top";
        command.Parameters.AddWithValue("$top", top);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AuditRecord(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetInt64(6) != 0,
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return list;
    }

    public async Task<UsageStatistics> GetUsageStatisticsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken);
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

    private static async Task<AnswerRecord?> ReadAnswerAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new AnswerRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetInt64(6) != 0,
            reader.GetDouble(7),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            reader.IsDBNull(9) ? null : reader.GetString(9));
    }

    private async Task<SqliteConnection> OpenReadyAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await OpenAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
