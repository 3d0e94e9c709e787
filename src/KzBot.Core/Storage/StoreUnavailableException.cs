using Microsoft.Data.Sqlite;

namespace KzBot.Core.Storage;

/// <summary>Why the store cannot be used.</summary>
public enum StoreProblem
{
    /// <summary>The file exists but is not a readable SQLite database (truncated, overwritten, not a database at all).</summary>
    Damaged,

    /// <summary>The file cannot be opened or created where it is configured (a file in place of the folder, no permission, a read-only or special file system).</summary>
    CannotOpen,

    /// <summary>The database server cannot be reached or refuses the connection.</summary>
    Unreachable,

    /// <summary>The database was brought to a newer schema by a newer KzBot; this one does not write to it.</summary>
    NewerSchema,
}

/// <summary>
/// The store cannot be used. Carries the file and the reason so the caller can say, in one line, what is wrong and
/// what to do; the store has not been written to.
/// </summary>
public sealed class StoreUnavailableException(string path, StoreProblem problem, string reason, Exception? inner = null)
    : Exception(Describe(path, problem, reason), inner)
{
    public string Path { get; } = path;

    public StoreProblem Problem { get; } = problem;

    public string Reason { get; } = reason;

    /// <summary>
    /// The store failure behind <paramref name="exception"/>, or null when it is not one (a bug, a cancellation).
    /// SQLite's primary result codes decide: a damaged file is CORRUPT or NOTADB; a place that cannot hold the
    /// file is CANTOPEN, READONLY, PERM, IOERR, FULL or AUTH.
    /// </summary>
    public static StoreUnavailableException? From(string path, Exception exception) => exception switch
    {
        StoreUnavailableException known => known,
        SqliteException { SqliteErrorCode: var code } sqlite => (code & 0xFF) switch
        {
            11 => new StoreUnavailableException(path, StoreProblem.Damaged, "the database disk image is malformed", sqlite),
            26 => new StoreUnavailableException(path, StoreProblem.Damaged, "it is not a SQLite database", sqlite),
            14 => new StoreUnavailableException(path, StoreProblem.CannotOpen, "unable to open or create the database file there", sqlite),
            8 => new StoreUnavailableException(path, StoreProblem.CannotOpen, "the file or its folder is read-only", sqlite),
            3 or 23 => new StoreUnavailableException(path, StoreProblem.CannotOpen, "access was denied", sqlite),
            10 => new StoreUnavailableException(path, StoreProblem.CannotOpen, "a disk I/O error occurred", sqlite),
            13 => new StoreUnavailableException(path, StoreProblem.CannotOpen, "the disk is full", sqlite),
            _ => null,
        },
        _ => null,
    };

    private static string Describe(string path, StoreProblem problem, string reason) => problem switch
    {
        StoreProblem.Damaged => $"The store {path} is damaged ({reason}); it was left as it is.",
        StoreProblem.Unreachable => $"The store {path} cannot be reached ({reason}).",
        StoreProblem.NewerSchema => $"The store {path} was written by a newer KzBot ({reason}); it was left as it is.",
        _ => $"The store {path} cannot be used ({reason}).",
    };
}
