using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KzBot.Core.Storage;

/// <summary>What a rebuild kept of one table of the previous store.</summary>
/// <param name="Problem">Null when every row was read; otherwise why the rest could not be.</param>
public sealed record KeptTable(string Table, long Rows, string? Problem);

/// <summary>
/// The file work of <c>index --rebuild</c>: the fresh store is built beside the old one (indexing is the caller's),
/// then this copies what can still be read of the old store's history into it, and swaps it in with one rename so
/// no process ever opens a half-built store. The old file is only read, and is kept under another name.
/// </summary>
public static class StoreRebuild
{
    /// <summary>
    /// What indexing cannot recreate: answers (follow-up context, statistics), which platform message carries which
    /// answer (follow-ups by reply), feedback and the audit log; and the
    /// vectors, which are keyed by text and would otherwise cost a full re-embedding; and who added which source
    /// from chat, and from where.
    /// </summary>
    public static readonly IReadOnlyList<string> KeptTables = ["answers", "answer_messages", "feedback", "audit", "embeddings", "managed_sources"];

    /// <summary>Where the fresh store is built before it replaces <paramref name="storePath"/>.</summary>
    public static string FreshPathFor(string storePath) => storePath + ".rebuild";

    /// <summary>Removes what a rebuild that was interrupted left behind.</summary>
    public static void DeleteLeftovers(string freshPath)
    {
        foreach (var file in WithSideFiles(freshPath))
        {
            File.Delete(file);
        }
    }

    /// <summary>Copies every readable row of <see cref="KeptTables"/> from the old store into the fresh one (already initialised).</summary>
    public static async Task<IReadOnlyList<KeptTable>> KeepHistoryAsync(string oldPath, string freshPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(oldPath))
        {
            return [];
        }

        var kept = new List<KeptTable>();
        SqliteConnection? source = null;
        try
        {
            source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = oldPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync(cancellationToken);

            // A truncated file fails SQLite's size check before any table is read; with the schema marked writable
            // SQLite reads what is there instead (the connection is read-only, so nothing can be written).
            await ExecuteAsync(source, "PRAGMA writable_schema = ON", cancellationToken);
        }
        catch (SqliteException ex)
        {
            if (source is not null)
            {
                await source.DisposeAsync();
            }

            return [.. KeptTables.Select(t => new KeptTable(t, 0, ex.Message))];
        }

        await using (source)
        {
            await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = freshPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await target.OpenAsync(cancellationToken);
            foreach (var table in KeptTables)
            {
                kept.Add(await CopyTableAsync(source, target, table, cancellationToken));
            }
        }

        return kept;
    }

    /// <summary>Folds the fresh store's write-ahead log into its file, so the swap moves one self-contained file.</summary>
    public static async Task SealAsync(string freshPath, CancellationToken cancellationToken)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = freshPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;", cancellationToken);
    }

    /// <summary>
    /// Keeps a copy of the old store (and its log) as <c>…before-rebuild-TIMESTAMP</c>, then renames the fresh store
    /// over it. Returns the copy's path, or null when there was no old store.
    /// </summary>
    public static string? SwapIn(string freshPath, string storePath, DateTimeOffset now)
    {
        string? backup = null;
        if (File.Exists(storePath))
        {
            backup = storePath + ".before-rebuild-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            File.Copy(storePath, backup, overwrite: true);
            if (File.Exists(storePath + "-wal"))
            {
                File.Copy(storePath + "-wal", backup + "-wal", overwrite: true);
            }
        }

        // The old store's log and shared-memory file would otherwise be replayed onto the fresh file.
        foreach (var side in WithSideFiles(storePath).Skip(1))
        {
            File.Delete(side);
        }

        File.Move(freshPath, storePath, overwrite: true);
        return backup;
    }

    private static async Task<KeptTable> CopyTableAsync(SqliteConnection source, SqliteConnection target, string table, CancellationToken cancellationToken)
    {
        long rows = 0;
        await using var transaction = (SqliteTransaction)await target.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var read = source.CreateCommand();
            read.CommandText = $"SELECT * FROM {table}";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            await using var insert = target.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT OR IGNORE INTO {table}({string.Join(", ", columns)}) VALUES({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i })).ToList();
            while (await reader.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i].Value = reader.GetValue(i);
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
                rows++;
            }

            await transaction.CommitAsync(cancellationToken);
            return new KeptTable(table, rows, null);
        }
        catch (SqliteException ex)
        {
            // The rows read before the damage are good rows: keep them.
            await transaction.CommitAsync(cancellationToken);
            return new KeptTable(table, rows, ex.Message);
        }
    }

    private static IEnumerable<string> WithSideFiles(string path) => [path, path + "-wal", path + "-shm", path + "-journal"];

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
