using KzBot.Core.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using static KzBot.Core.Storage.SqliteCommands;

namespace KzBot.Core.Storage;

/// <summary>
/// The default store's one SQLite file (WAL mode, so readers keep serving while a reload writes): opening it,
/// creating the schema once, and the damaged-file checks. Every SQLite store role opens its connections here.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    public SqliteDatabase(IOptions<StorageOptions> options)
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

    /// <summary>The store's file, as a full path.</summary>
    public string FilePath => _path;

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

    internal async Task<SqliteConnection> OpenReadyAsync(CancellationToken cancellationToken)
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
}
