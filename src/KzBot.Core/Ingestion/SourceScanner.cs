using Mono.Unix;

namespace KzBot.Core.Ingestion;

/// <summary>A file to index: its source key (the folder as configured, then the names as listed) and the path to read.</summary>
public sealed record SourceFile(string Key, string Path);

/// <summary>
/// Something the scan could not index. <see cref="KeepsPrevious"/> is true when the scan simply could not look
/// (a folder it cannot list, an entry it cannot inspect): what was indexed under <see cref="Key"/> keeps serving.
/// A link leading outside the folders or a special file is not a source at all, so any old copy goes.
/// </summary>
public sealed record ScanProblem(string Key, string Reason, bool KeepsPrevious);

/// <summary>A folder to scan and the prefix its files' keys get.</summary>
public sealed record SourceRoot(string KeyPrefix, string Folder);

/// <summary>What one scan of the source folders found.</summary>
public sealed record SourceScan(IReadOnlyList<SourceFile> Files, IReadOnlyList<ScanProblem> Problems);

/// <summary>
/// Walks the source folders: regular files with a known extension only, every directory once (by device and
/// inode, so symbolic-link loops end), never outside the real paths of the configured folders, and every folder
/// it cannot list reported. The walk keeps its own stack, so deep nesting cannot overflow the call stack.
/// </summary>
public sealed class SourceScanner(IReadOnlyCollection<string> extensions, bool followSymlinks)
{
    private const int MaxLinkHops = 40;

    private readonly HashSet<string> _extensions = new(extensions, StringComparer.OrdinalIgnoreCase);

    private bool FollowSymlinks => followSymlinks;

    public SourceScan Scan(IReadOnlyList<string> folders, CancellationToken cancellationToken) =>
        Scan(folders.Select(f => new SourceRoot(KeyPrefix(f), f)).ToList(), cancellationToken);

    /// <summary>Scans folders whose keys start with a prefix of their own rather than the folder as written.</summary>
    public SourceScan Scan(IReadOnlyList<SourceRoot> roots, CancellationToken cancellationToken)
    {
        var walk = new Walk(this, cancellationToken);
        foreach (var (prefix, folder) in roots)
        {
            string? real = null;
            try
            {
                real = Directory.Exists(folder) ? RealPath(Path.GetFullPath(folder)) : null;
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                walk.Problems.Add(new ScanProblem(prefix + "/", "source folder cannot be resolved: " + Why(ex), true));
                continue;
            }

            if (real is null)
            {
                walk.Problems.Add(new ScanProblem(prefix + "/", "source folder not found", true));
                continue;
            }

            walk.Roots.Add((prefix, real));
        }

        foreach (var (prefix, real) in walk.Roots)
        {
            walk.Run(prefix, real);
        }

        // A file reached twice (a hard link, a link to a file also listed) is indexed once, under its first key.
        var files = walk.Found
            .OrderBy(f => f.File.Key, StringComparer.Ordinal)
            .DistinctBy(f => f.Id)
            .DistinctBy(f => f.File.Key, StringComparer.Ordinal)
            .Select(f => f.File)
            .ToList();
        return new SourceScan(files, walk.Problems);
    }

    /// <summary>The key prefix of a configured folder: as written, with '/' separators where '\' is one.</summary>
    public static string KeyPrefix(string folder) =>
        (Path.DirectorySeparatorChar == '\\' ? folder.Replace('\\', '/') : folder).TrimEnd('/');

    private bool IsSupported(string name) => _extensions.Contains(Path.GetExtension(name));

    /// <summary>Why, in a few words: the exception's own message repeats the path, which may be thousands of characters.</summary>
    private static string Why(Exception ex) => ex switch
    {
        PathTooLongException => "path too long",
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "not found",
        _ => ex.Message,
    };

    private static bool IsFileSystemError(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException;

    /// <summary>The path with every symbolic link resolved, component by component (what realpath(3) does).</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        var pending = new Stack<string>(Components(fullPath[root.Length..]).Reverse());
        var current = root;
        var hops = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException("too many levels of symbolic links");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? root;
                target = target[current.Length..];
            }

            foreach (var p in Components(target).Reverse())
            {
                pending.Push(p);
            }
        }

        return current;
    }

    private static string[] Components(string path) => path.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static Entry Inspect(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            var kind = info.LinkTarget is not null ? EntryKind.Link : info.Attributes.HasFlag(FileAttributes.Directory) ? EntryKind.Directory : EntryKind.File;
            return new Entry(kind, "", new FileId(0, 0, Path.GetFullPath(path).ToUpperInvariant()));
        }

        try
        {
            // lstat: a link is seen as a link, a pipe or device as what it is, before anything opens it.
            var entry = UnixFileSystemInfo.GetFileSystemEntry(path);
            var (kind, name) = entry.FileType switch
            {
                FileTypes.RegularFile => (EntryKind.File, "file"),
                FileTypes.Directory => (EntryKind.Directory, "directory"),
                FileTypes.SymbolicLink => (EntryKind.Link, "symbolic link"),
                FileTypes.Fifo => (EntryKind.Special, "named pipe"),
                FileTypes.CharacterDevice => (EntryKind.Special, "character device"),
                FileTypes.BlockDevice => (EntryKind.Special, "block device"),
                FileTypes.Socket => (EntryKind.Special, "socket"),
                _ => (EntryKind.Special, "special file"),
            };
            return new Entry(kind, name, new FileId(entry.Device, entry.Inode, ""));
        }
        catch (Exception ex) when (ex is UnixIOException or ArgumentException or InvalidOperationException)
        {
            // Mono.Unix can lose errno (a path over PATH_MAX reads "Success"); the BCL's own look at the
            // same path throws the exception that names the cause.
            File.GetAttributes(path);
            throw new IOException(ex.Message, ex);
        }
    }

    private enum EntryKind
    {
        File,
        Directory,
        Link,
        Special,
    }

    private readonly record struct FileId(long Device, long Inode, string Path);

    private readonly record struct Entry(EntryKind Kind, string Name, FileId Id);

    private sealed class Walk(SourceScanner scanner, CancellationToken cancellationToken)
    {
        private static readonly EnumerationOptions ListOnly = new()
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };

        private readonly HashSet<FileId> _visited = [];
        private readonly Stack<(string Key, string Dir)> _pending = new();

        public List<(string Prefix, string Real)> Roots { get; } = [];

        public List<(SourceFile File, FileId Id)> Found { get; } = [];

        public List<ScanProblem> Problems { get; } = [];

        public void Run(string prefix, string real)
        {
            Entry root;
            try
            {
                root = Inspect(real);
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                Problems.Add(new ScanProblem(prefix + "/", "source folder cannot be read: " + Why(ex), true));
                return;
            }

            if (!_visited.Add(root.Id))
            {
                return;
            }

            _pending.Push((prefix, real));
            while (_pending.TryPop(out var folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string[] names;
                try
                {
                    names = Directory.GetFileSystemEntries(folder.Dir, "*", ListOnly);
                }
                catch (Exception ex) when (IsFileSystemError(ex))
                {
                    Problems.Add(new ScanProblem(folder.Key + "/", "folder cannot be listed: " + Why(ex), true));
                    continue;
                }

                foreach (var path in names)
                {
                    var name = Path.GetFileName(path);
                    if (!name.StartsWith('.'))
                    {
                        Visit(folder.Key + "/" + name, path);
                    }
                }
            }
        }

        private void Visit(string key, string path)
        {
            Entry entry;
            try
            {
                entry = Inspect(path);
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                Problems.Add(new ScanProblem(key, "cannot be inspected: " + Why(ex), true));
                return;
            }

            if (entry.Kind != EntryKind.Link)
            {
                Take(key, path, entry);
                return;
            }

            string target;
            Entry resolved;
            try
            {
                target = RealPath(path);
                resolved = Inspect(target);
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                if (scanner.IsSupported(key))
                {
                    Problems.Add(new ScanProblem(key, "broken symbolic link: " + Why(ex), false));
                }

                return;
            }

            if (resolved.Kind != EntryKind.Directory && !scanner.IsSupported(key))
            {
                return;
            }

            if (!Roots.Any(r => target == r.Real || target.StartsWith(r.Real.TrimEnd('/') + "/", StringComparison.Ordinal)))
            {
                Problems.Add(new ScanProblem(key, "symbolic link leading outside the source folders; not followed", false));
                return;
            }

            if (!scanner.FollowSymlinks)
            {
                Problems.Add(new ScanProblem(key, "symbolic link; not followed (Sources:FollowSymlinks=true follows links that stay inside the source folders)", false));
                return;
            }

            Take(key, target, resolved);
        }

        private void Take(string key, string path, Entry entry)
        {
            switch (entry.Kind)
            {
                case EntryKind.Directory:
                    // A directory reached a second time (through a link) is listed once, under its first key.
                    if (_visited.Add(entry.Id))
                    {
                        _pending.Push((key, path));
                    }

                    break;
                case EntryKind.File when scanner.IsSupported(key):
                    Found.Add((new SourceFile(key, path), entry.Id));
                    break;
                case EntryKind.Special when scanner.IsSupported(key):
                    Problems.Add(new ScanProblem(key, $"not a regular file ({entry.Name}); only regular files are indexed", false));
                    break;
            }
        }
    }
}
