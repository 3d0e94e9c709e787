using KzBot.Core.Options;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Ingestion;

/// <summary>
/// Source folders → readers → cleaning → chunks → store, incrementally by content hash. A file that cannot be
/// read is reported and its previous version keeps serving; everything else switches in one transaction.
/// </summary>
public sealed class DataIngestor(
    IKnowledgeStore store,
    IEnumerable<IDocumentReader> readers,
    IOptions<SourcesOptions> options,
    TimeProvider time,
    ILogger<DataIngestor> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, IDocumentReader> _byExtension = readers
        .SelectMany(r => r.Extensions.Select(e => (e, r)))
        .ToDictionary(x => x.e, x => x.r, StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised after a reload that changed the index (vector indexes and caches rebuild on it).</summary>
    public event Func<IndexReport, CancellationToken, Task>? Reloaded;

    public async Task<IndexReport> ReloadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var report = await ReloadCoreAsync(cancellationToken);
            if (Reloaded is { } handler)
            {
                await handler(report, cancellationToken);
            }

            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IndexReport> ReloadCoreAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await store.InitializeAsync(cancellationToken);
        var existing = (await store.ListDocumentsAsync(cancellationToken)).ToDictionary(d => d.SourceKey, StringComparer.Ordinal);

        var failed = new List<IndexFailure>();
        var upserts = new List<IngestedDocument>();
        var touched = new List<StoredDocument>();
        var added = new List<string>();
        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unreadableFolders = new List<string>();
        var unchanged = 0;

        foreach (var (key, path) in ScanSources(failed, unreadableFolders))
        {
            cancellationToken.ThrowIfCancellationRequested();
            seen.Add(key);
            existing.TryGetValue(key, out var previous);
            try
            {
                var info = new FileInfo(path);
                if (info.Length > options.Value.MaxFileBytes)
                {
                    throw new InvalidDataException($"file is {info.Length:N0} bytes, over the {options.Value.MaxFileBytes:N0}-byte limit");
                }

                var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
                // The store keeps milliseconds; comparing full ticks would make every file look changed.
                if (previous is not null && previous.FileSize == info.Length && previous.FileModified.ToUnixTimeMilliseconds() == modified.ToUnixTimeMilliseconds())
                {
                    unchanged++;
                    continue;
                }

                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                var hash = ContentHash.Of(bytes);
                if (previous is not null && previous.ContentHash == hash)
                {
                    unchanged++;
                    touched.Add(previous with { FileSize = info.Length, FileModified = modified });
                    continue;
                }

                upserts.Add(Ingest(key, path, bytes, hash, info.Length, modified));
                (previous is null ? added : changed).Add(key);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                logger.LogWarning("Could not index {Source}: {Reason}", key, ex.Message);
                failed.Add(new IndexFailure(key, ex.Message));
            }
        }

        // A folder that could not be read says nothing about its files being gone: keep them.
        var removed = existing.Values
            .Where(d => !seen.Contains(d.SourceKey) && !unreadableFolders.Any(f => d.SourceKey.StartsWith(f, StringComparison.Ordinal)))
            .ToList();

        if (upserts.Count > 0 || removed.Count > 0 || touched.Count > 0)
        {
            await store.ApplyChangesAsync(new IndexChangeSet(upserts, removed.Select(d => d.Id).ToList(), touched), cancellationToken);
        }

        var documents = await store.ListDocumentsAsync(cancellationToken);
        var report = new IndexReport(
            added,
            changed,
            removed.Select(d => d.SourceKey).ToList(),
            failed,
            unchanged,
            documents.Sum(d => d.ChunkCount),
            time.GetElapsedTime(started));
        if (report.HasChanges || failed.Count > 0)
        {
            logger.LogInformation("{Report}", IndexReportText.Format(report));
        }

        return report;
    }

    private IngestedDocument Ingest(string key, string path, byte[] bytes, string hash, long size, DateTimeOffset modified)
    {
        var reader = _byExtension[Path.GetExtension(path)];
        var extracted = reader.Read(Path.GetFileName(path), bytes);
        var title = string.IsNullOrWhiteSpace(extracted.Title) ? Path.GetFileNameWithoutExtension(path) : extracted.Title.Trim();
        var blocks = BoilerplateFilter.Clean(title, extracted.Blocks);
        if (blocks.Count == 0)
        {
            throw new InvalidDataException("no readable text found");
        }

        var id = DocumentIds.For(key);
        var (text, chunks) = DocumentChunker.Build(id, blocks);
        var document = new StoredDocument(id, key, title, reader.Format, hash, size, modified, chunks.Count, time.GetUtcNow(), extracted.Url);
        return new IngestedDocument(document, text, chunks);
    }

    private IEnumerable<(string Key, string Path)> ScanSources(List<IndexFailure> failed, List<string> unreadableFolders)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in options.Value.Folders)
        {
            var root = Path.GetFullPath(folder);
            var prefix = folder.Replace('\\', '/').TrimEnd('/');
            if (!Directory.Exists(root))
            {
                failed.Add(new IndexFailure(prefix, "source folder not found"));
                unreadableFolders.Add(prefix + "/");
                continue;
            }

            try
            {
                foreach (var path in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden }))
                {
                    if (_byExtension.ContainsKey(Path.GetExtension(path)))
                    {
                        files.TryAdd(prefix + "/" + Path.GetRelativePath(root, path).Replace('\\', '/'), path);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failed.Add(new IndexFailure(prefix, ex.Message));
                unreadableFolders.Add(prefix + "/");
            }
        }

        return files.Select(kv => (kv.Key, kv.Value));
    }
}
