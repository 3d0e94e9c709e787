using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KzBot.Core.Storage;

/// <summary>One finding of <see cref="StoreCheck"/>: what was checked, what was found, and whether it is damage.</summary>
public sealed record StoreCheckLine(string Part, string Finding, bool Damaged);

/// <summary>
/// Checks a store file without changing it: SQLite's own integrity check, the full-text index against itself and
/// against the passages, and the stored vectors against the passages. Passages still waiting for a vector are
/// reported but are not damage (they are embedded at the next start).
/// </summary>
public static class StoreCheck
{
    public static async Task<IReadOnlyList<StoreCheckLine>> RunAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var lines = new List<StoreCheckLine>();
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            var problems = await ColumnAsync(connection, "PRAGMA integrity_check", cancellationToken);
            if (problems is not ["ok"])
            {
                lines.Add(new StoreCheckLine("integrity", $"{problems.Count} problem(s); first: {problems[0]}", Damaged: true));
                return lines;
            }

            lines.Add(new StoreCheckLine("integrity", "ok", Damaged: false));
            lines.Add(await CheckFullTextAsync(connection, cancellationToken));
            lines.AddRange(await CheckVectorsAsync(connection, cancellationToken));
        }
        catch (Exception ex) when (StoreUnavailableException.From(full, ex) is { } unavailable)
        {
            lines.Add(new StoreCheckLine("integrity", unavailable.Reason, Damaged: true));
        }

        return lines;
    }

    private static async Task<StoreCheckLine> CheckFullTextAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // FTS5's own check compares its index with the text it stores; reading it back compares that text with
        // the passages. 'integrity-check' is an INSERT only in syntax and changes nothing, but SQLite will not
        // prepare it on a read-only connection: it runs on a writable one, in a transaction that is rolled back.
        try
        {
            await using var writable = new SqliteConnection(new SqliteConnectionStringBuilder(connection.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString());
            await writable.OpenAsync(cancellationToken);
            await using var transaction = await writable.BeginTransactionAsync(cancellationToken);
            await using var command = writable.CreateCommand();
            command.CommandText = "INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) == 11)
        {
            return new StoreCheckLine("full-text index", "the index does not match its text (" + ex.Message + ")", Damaged: true);
        }

        var passages = await ScalarAsync(connection, "SELECT count(*) FROM chunks", cancellationToken);
        var missing = await ScalarAsync(connection, "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunks_fts f WHERE f.rowid = c.key)", cancellationToken);
        var stray = await ScalarAsync(connection, "SELECT count(*) FROM chunks_fts f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.key = f.rowid)", cancellationToken);
        var differing = await ScalarAsync(connection, "SELECT count(*) FROM chunks c JOIN chunks_fts f ON f.rowid = c.key WHERE f.body <> c.text", cancellationToken);
        var damaged = missing + stray + differing > 0;
        var finding = damaged
            ? $"{Count(missing)} passage(s) not searchable, {Count(stray)} entries for no passage, {Count(differing)} with other text"
            : $"ok ({Count(passages)} passages)";
        return new StoreCheckLine("full-text index", finding, damaged);
    }

    private static async Task<IReadOnlyList<StoreCheckLine>> CheckVectorsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var models = await ColumnAsync(connection, "SELECT DISTINCT model FROM embeddings ORDER BY model", cancellationToken);
        if (models.Count == 0)
        {
            return [new StoreCheckLine("vectors", "none stored (BM25 only, or not embedded yet)", Damaged: false)];
        }

        var passages = await ScalarAsync(connection, "SELECT count(DISTINCT text_hash) FROM chunks", cancellationToken);
        var lines = new List<StoreCheckLine>();
        foreach (var model in models)
        {
            var without = await ScalarAsync(connection, "SELECT count(DISTINCT c.text_hash) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.model = $m AND e.text_hash = c.text_hash)", cancellationToken, model);
            var orphaned = await ScalarAsync(connection, "SELECT count(*) FROM embeddings e WHERE e.model = $m AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.text_hash = e.text_hash)", cancellationToken, model);

            // Vectors are float32 arrays: an empty blob or one that is not a whole number of floats was not written by KzBot.
            var malformed = await ScalarAsync(connection, "SELECT count(*) FROM embeddings WHERE model = $m AND (length(vector) = 0 OR length(vector) % 4 <> 0)", cancellationToken, model);
            var finding = $"{Count(passages - without)} of {Count(passages)} distinct passages have one, {Count(without)} waiting to be embedded, {Count(orphaned)} for no passage, {Count(malformed)} malformed";
            lines.Add(new StoreCheckLine($"vectors {model}", finding, Damaged: malformed > 0));
        }

        return lines;
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? "");
        }

        return values;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, string? model = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (model is not null)
        {
            command.Parameters.AddWithValue("$m", model);
        }

        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
