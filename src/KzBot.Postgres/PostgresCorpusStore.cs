using System.Collections.Concurrent;
using KzBot.Core.Ingestion;
using KzBot.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KzBot.Postgres;

/// <summary>
/// Documents and passages in PostgreSQL. Full-text candidates come from a GIN-indexed <c>tsvector</c> of the SQLite
/// tokenizer's tokens; BM25 is computed here the way FTS5 computes it, so both engines rank the same passages.
/// </summary>
public sealed class PostgresCorpusStore(PostgresDatabase database, FtsTokenizer tokenizer) : ICorpusStore, IIndexCache
{
    // FTS5's bm25() defaults, and the store's column weights (title, body) as the SQLite store passes them.
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double TitleWeight = 0.3;
    private const double BodyWeight = 1.0;

    /// <summary>The LISTEN/NOTIFY channel on which every change of the index announces its new version.</summary>
    internal const string IndexChannel = "kzbot_index";

    // Replaced whole, not cleared: a search that read the old index while it changed fills the discarded set.
    private IndexStatistics _statistics = new();
    private long _writtenVersion;

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public void Forget() => Volatile.Write(ref _statistics, new IndexStatistics());

    public async Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT id, source_key, title, format, content_hash, file_size, file_modified, chunk_count, indexed_at, url FROM documents ORDER BY source_key COLLATE \"C\"",
            connection);
        return await StoreRows.DocumentsAsync(command, cancellationToken);
    }

    public async Task ApplyChangesAsync(IndexChangeSet changes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Chunks go with their document (ON DELETE CASCADE).
        await using var delete = new NpgsqlCommand("DELETE FROM documents WHERE id = $1", connection, transaction);
        delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
        foreach (var id in changes.RemovedDocumentIds.Concat(changes.Upserts.Select(u => u.Document.Id)))
        {
            delete.Parameters[0].Value = id;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var upsert in changes.Upserts)
        {
            await InsertAsync(connection, transaction, upsert, cancellationToken);
        }

        await using (var touch = new NpgsqlCommand("UPDATE documents SET file_size = $1, file_modified = $2 WHERE id = $3", connection, transaction))
        {
            foreach (var d in changes.Touched)
            {
                touch.Parameters.Clear();
                touch.Parameters.AddWithValue(d.FileSize);
                touch.Parameters.AddWithValue(d.FileModified.ToUnixTimeMilliseconds());
                touch.Parameters.AddWithValue(d.Id);
                await touch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (changes.FailedSources is { } failedSources)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM failed_sources"));
            foreach (var f in failedSources)
            {
                var insert = new NpgsqlBatchCommand("""
                    INSERT INTO failed_sources(source_key, file_size, file_modified, content_hash, reason) VALUES($1, $2, $3, $4, $5)
                    ON CONFLICT(source_key) DO UPDATE SET file_size = excluded.file_size, file_modified = excluded.file_modified,
                        content_hash = excluded.content_hash, reason = excluded.reason
                    """);
                insert.Parameters.AddWithValue(f.SourceKey);
                insert.Parameters.AddWithValue(f.FileSize);
                insert.Parameters.AddWithValue(f.FileModified.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue(f.ContentHash);
                insert.Parameters.AddWithValue(f.Reason);
                batch.BatchCommands.Add(insert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        // The notification goes out when the transaction commits, so a replica that hears it reads the new index.
        long version;
        await using (var bump = new NpgsqlCommand(
            "WITH v AS (UPDATE index_state SET version = version + 1 RETURNING version) SELECT version, pg_notify($1, version::text) FROM v",
            connection,
            transaction))
        {
            bump.Parameters.AddWithValue(IndexChannel);
            version = (long)(await bump.ExecuteScalarAsync(cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        Forget();
        Volatile.Write(ref _writtenVersion, version);
    }

    /// <summary>The index version this process last committed (0 before it wrote any): it has refreshed itself for that one.</summary>
    internal long WrittenVersion => Volatile.Read(ref _writtenVersion);

    /// <summary>The index version now in the database.</summary>
    internal static async Task<long> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await PostgresDatabase.ScalarAsync(connection, "SELECT version FROM index_state", cancellationToken);

    /// <summary>Writes one document and its passages with their full-text terms; a reload and an import both come through here.</summary>
    internal async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IngestedDocument upsert, CancellationToken cancellationToken)
    {
        var d = upsert.Document;
        var tokens = await tokenizer.TokenizeAsync([d.Title, .. upsert.Chunks.Select(c => c.Text)], cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var document = new NpgsqlBatchCommand(
            "INSERT INTO documents(id, source_key, title, format, content_hash, file_size, file_modified, chunk_count, indexed_at, url, text) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
        document.Parameters.AddWithValue(d.Id);
        document.Parameters.AddWithValue(d.SourceKey);
        document.Parameters.AddWithValue(d.Title);
        document.Parameters.AddWithValue(d.Format);
        document.Parameters.AddWithValue(d.ContentHash);
        document.Parameters.AddWithValue(d.FileSize);
        document.Parameters.AddWithValue(d.FileModified.ToUnixTimeMilliseconds());
        document.Parameters.AddWithValue(upsert.Chunks.Count);
        document.Parameters.AddWithValue(d.IndexedAt.ToUnixTimeMilliseconds());
        document.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)d.Url ?? DBNull.Value });
        document.Parameters.AddWithValue(upsert.Text);
        batch.BatchCommands.Add(document);
        for (var i = 0; i < upsert.Chunks.Count; i++)
        {
            var c = upsert.Chunks[i];
            var chunk = new NpgsqlBatchCommand(
                "INSERT INTO chunks(id, document_id, ordinal, location, text, start, \"end\", text_hash, tokens, terms) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::tsvector)");
            chunk.Parameters.AddWithValue(c.Id);
            chunk.Parameters.AddWithValue(d.Id);
            chunk.Parameters.AddWithValue(c.Ordinal);
            chunk.Parameters.AddWithValue(c.Location);
            chunk.Parameters.AddWithValue(c.Text);
            chunk.Parameters.AddWithValue(c.Start);
            chunk.Parameters.AddWithValue(c.End);
            chunk.Parameters.AddWithValue(c.TextHash);
            chunk.Parameters.AddWithValue(tokens[0].Count + tokens[i + 1].Count);
            chunk.Parameters.AddWithValue(FtsTerms.Vector(tokens[0], tokens[i + 1]));
            batch.BatchCommands.Add(chunk);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FailedSource>> ListFailedSourcesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT source_key, file_size, file_modified, content_hash, reason FROM failed_sources", connection);
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
        var words = FtsTerms.Words(ftsQuery);
        var tokenized = await tokenizer.TokenizeAsync(words, cancellationToken);
        var phrases = tokenized.Where(t => t.Count > 0).ToList();
        if (phrases.Count == 0)
        {
            return [];
        }

        var statistics = Volatile.Read(ref _statistics);
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        var (rows, totalTokens) = await TotalsAsync(statistics, connection, cancellationToken);
        var queries = phrases.Select(p => FtsTerms.Query(p)).ToList();
        await CountAsync(connection, queries.Where(q => !statistics.RowFrequency.ContainsKey(q)).Distinct(StringComparer.Ordinal).ToList(), statistics.RowFrequency, cancellationToken);

        // Only the query's own terms come back from each matching chunk, counted in the server: setweight marks
        // them in the chunk's title (A) or body (D) positions and ts_filter keeps what it marked, which is far cheaper
        // than unnesting every term of every matching chunk.
        var frequencies = new Dictionary<long, (int Tokens, Dictionary<string, (int Title, int Body)> Terms)>();
        await using (var command = new NpgsqlCommand("""
            SELECT c.key, c.tokens, u.lexeme, u.title, u.body
            FROM chunks c CROSS JOIN LATERAL (
                SELECT t.lexeme, cardinality(t.positions) AS title, 0 AS body
                FROM unnest(ts_filter(setweight(ts_filter(c.terms, '{a}'), 'b', $2), '{b}')) t
                UNION ALL
                SELECT t.lexeme, 0, cardinality(t.positions)
                FROM unnest(ts_filter(setweight(ts_filter(c.terms, '{d}'), 'b', $2), '{b}')) t) u
            WHERE c.terms @@ $1::tsquery
            """, connection))
        {
            command.Parameters.AddWithValue(string.Join(" | ", queries));
            command.Parameters.AddWithValue(phrases.SelectMany(p => p).Distinct(StringComparer.Ordinal).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetInt64(0);
                if (!frequencies.TryGetValue(key, out var entry))
                {
                    frequencies[key] = entry = (reader.GetInt32(1), new Dictionary<string, (int, int)>(StringComparer.Ordinal));
                }

                var lexeme = reader.GetString(2);
                var (title, body) = entry.Terms.GetValueOrDefault(lexeme);
                entry.Terms[lexeme] = (title + reader.GetInt32(3), body + reader.GetInt32(4));
            }
        }

        var averageLength = rows == 0 ? 1 : (double)totalTokens / rows;
        var idf = queries.Select(q =>
        {
            var hits = (double)statistics.RowFrequency.GetValueOrDefault(q);
            var value = Math.Log((rows - hits + 0.5) / (hits + 0.5));
            return value <= 0 ? 1e-6 : value;
        }).ToList();

        var scored = new List<ScoredChunk>(frequencies.Count);
        foreach (var (key, (length, terms)) in frequencies)
        {
            var score = 0.0;
            for (var p = 0; p < phrases.Count; p++)
            {
                var frequency = PhraseFrequency(phrases[p], terms);
                score += idf[p] * (frequency * (K1 + 1.0) / (frequency + (K1 * (1 - B + (B * length / averageLength)))));
            }

            scored.Add(new ScoredChunk(key, -score));
        }

        return scored.OrderBy(s => s.Bm25).ThenBy(s => s.Key).Take(top).ToList();
    }

    // A phrase of several tokens is counted by its rarest token: the phrase cannot occur more often than that.
    private static double PhraseFrequency(IReadOnlyList<string> phrase, Dictionary<string, (int Title, int Body)> terms) =>
        phrase.Min(t => terms.TryGetValue(t, out var f) ? (TitleWeight * f.Title) + (BodyWeight * f.Body) : 0);

    public async Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> terms, CancellationToken cancellationToken)
    {
        var statistics = Volatile.Read(ref _statistics);
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        var (rows, _) = await TotalsAsync(statistics, connection, cancellationToken);

        var missing = terms.Where(t => !statistics.DocumentFrequency.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var tokenized = await tokenizer.TokenizeAsync(missing, cancellationToken);
            var body = new Dictionary<string, string>(StringComparer.Ordinal);
            var title = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < missing.Count; i++)
            {
                if (tokenized[i].Count == 0)
                {
                    statistics.TitleFrequency[missing[i]] = 0;
                    statistics.DocumentFrequency[missing[i]] = 0;
                    continue;
                }

                body[missing[i]] = FtsTerms.Query(tokenized[i], 'D');
                title[missing[i]] = FtsTerms.Query(tokenized[i], 'A');
            }

            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            await CountAsync(connection, body.Values.Concat(title.Values).Distinct(StringComparer.Ordinal).ToList(), counts, cancellationToken);
            foreach (var word in body.Keys)
            {
                statistics.TitleFrequency[word] = counts[title[word]];
                statistics.DocumentFrequency[word] = counts[body[word]];
            }
        }

        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var titles = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            result[term] = statistics.DocumentFrequency.GetValueOrDefault(term);
            titles[term] = statistics.TitleFrequency.GetValueOrDefault(term);
        }

        return new TermStatistics(rows, result, titles);
    }

    /// <summary>How many chunks match each tsquery, counted in one statement through the GIN index.</summary>
    private static async Task CountAsync(NpgsqlConnection connection, IReadOnlyList<string> queries, IDictionary<string, long> into, CancellationToken cancellationToken)
    {
        if (queries.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            SELECT q.i, (SELECT count(*) FROM chunks WHERE terms @@ q.query)
            FROM unnest($1::text[]::tsquery[]) WITH ORDINALITY AS q(query, i)
            """, connection);
        command.Parameters.AddWithValue(queries.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            into[queries[(int)reader.GetInt64(0) - 1]] = reader.GetInt64(1);
        }
    }

    private static async Task<(long Rows, long Tokens)> TotalsAsync(IndexStatistics statistics, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (statistics.Totals is { } cached)
        {
            return cached;
        }

        await using var command = new NpgsqlCommand("SELECT count(*), coalesce(sum(tokens), 0)::bigint FROM chunks", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var totals = (reader.GetInt64(0), reader.GetInt64(1));
        statistics.Totals = totals;
        return totals;
    }

    public async Task<IReadOnlyList<VocabularyTerm>> GetVocabularyAsync(CancellationToken cancellationToken)
    {
        var statistics = Volatile.Read(ref _statistics);
        if (statistics.Vocabulary is { } cached)
        {
            return cached;
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT word, ndoc FROM ts_stat('SELECT terms FROM chunks') ORDER BY word COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<VocabularyTerm>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new VocabularyTerm(reader.GetString(0), reader.GetInt32(1)));
        }

        statistics.Vocabulary = list;
        return list;
    }

    public async Task<IReadOnlyList<StoredChunk>> GetChunksAsync(IReadOnlyCollection<long> chunkKeys, CancellationToken cancellationToken)
    {
        if (chunkKeys.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT c.key, c.id, c.document_id, c.ordinal, d.title, d.source_key || ', ' || c.location, c.text, c.start, c."end", c.text_hash, d.url
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.key = ANY($1)
            """, connection);
        command.Parameters.AddWithValue(chunkKeys.ToArray());
        return await StoreRows.ChunksInOrderAsync(command, chunkKeys, cancellationToken);
    }

    public async Task<string?> GetDocumentTextAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT text FROM documents WHERE id = $1", connection);
        command.Parameters.AddWithValue(documentId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<DocumentSummary> GetDocumentSummaryAsync(int sampleTitles, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadyAsync(cancellationToken);
        var count = await PostgresDatabase.ScalarAsync(connection, "SELECT count(*) FROM documents", cancellationToken);
        await using var command = new NpgsqlCommand("SELECT title FROM documents ORDER BY source_key COLLATE \"C\" LIMIT $1", connection);
        command.Parameters.AddWithValue(sampleTitles);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var titles = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            titles.Add(reader.GetString(0));
        }

        return new DocumentSummary((int)count, titles);
    }

    /// <summary>What the store learned from one version of the index, kept until the index changes.</summary>
    private sealed class IndexStatistics
    {
        private readonly Lock _lock = new();
        private (long Rows, long Tokens)? _totals;
        private IReadOnlyList<VocabularyTerm>? _vocabulary;

        public ConcurrentDictionary<string, long> DocumentFrequency { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, long> TitleFrequency { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, long> RowFrequency { get; } = new(StringComparer.Ordinal);

        public (long Rows, long Tokens)? Totals
        {
            get
            {
                lock (_lock)
                {
                    return _totals;
                }
            }

            set
            {
                lock (_lock)
                {
                    _totals = value;
                }
            }
        }

        public IReadOnlyList<VocabularyTerm>? Vocabulary
        {
            get => Volatile.Read(ref _vocabulary);
            set => Volatile.Write(ref _vocabulary, value);
        }
    }
}
