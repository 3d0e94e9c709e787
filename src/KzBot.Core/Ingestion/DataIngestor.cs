using KzBot.Core.Options;
using KzBot.Core.Storage;
using KzBot.Core.Telemetry;
using KzBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Ingestion;

/// <summary>
/// Source folders → readers → cleaning → chunks → store, incrementally by content hash. A file that cannot be
/// read is reported and its previous version keeps serving; everything else switches in one transaction. One
/// reload runs at a time (<see cref="IReloadLock"/>, across processes when the store is shared); another one asked
/// for meanwhile throws <see cref="ReloadAlreadyRunningException"/>. After each reload the
/// <see cref="IIndexListener"/>s are told in order; one that fails is logged and the rest still run.
/// </summary>
public sealed class DataIngestor(
    ICorpusStore store,
    IEnumerable<IDocumentReader> readers,
    IEnumerable<IIndexListener> listeners,
    IReloadLock reloadLock,
    IOptions<SourcesOptions> options,
    TimeProvider time,
    KzBotMetrics metrics,
    ILogger<DataIngestor> logger,
    IAddedSourceRoots? addedSources = null)
{
    private const string DefaultStarter = "KzBot";

    private readonly Dictionary<string, IDocumentReader> _byExtension = readers
        .SelectMany(r => r.Extensions.Select(e => (e, r)))
        .ToDictionary(x => x.e, x => x.r, StringComparer.OrdinalIgnoreCase);

    private readonly IIndexListener[] _listeners = [.. listeners];

    public Task<IndexReport> ReloadAsync(CancellationToken cancellationToken) => ReloadAsync(DefaultStarter, force: false, cancellationToken);

    public Task<IndexReport> ReloadAsync(bool force, CancellationToken cancellationToken) => ReloadAsync(DefaultStarter, force, cancellationToken);

    /// <summary>
    /// Re-indexes what changed; with <paramref name="force"/> every file is read and hashed again, whatever its size
    /// and time say. <paramref name="startedBy"/> is what a reload refused meanwhile is told ("/reload from telegram user 42").
    /// </summary>
    public async Task<IndexReport> ReloadAsync(string startedBy, bool force, CancellationToken cancellationToken)
    {
        await using var lease = await AcquireAsync(startedBy, cancellationToken);
        return await ReloadHeldAsync(force, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the reload lock: it may change source files and reload (with the function
    /// it is given) as often as it needs, and no other reload, here or in another replica, runs in between. Throws
    /// <see cref="ReloadAlreadyRunningException"/> before <paramref name="work"/> starts when one does.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(string startedBy, Func<Func<CancellationToken, Task<IndexReport>>, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var lease = await AcquireAsync(startedBy, cancellationToken);
        return await work(ct => ReloadHeldAsync(force: false, ct));
    }

    private async Task<IAsyncDisposable> AcquireAsync(string startedBy, CancellationToken cancellationToken)
    {
        var holder = new ReloadHolder($"{startedBy} on {Environment.MachineName} (pid {Environment.ProcessId})", time.GetUtcNow());
        var attempt = await reloadLock.TryAcquireAsync(holder, cancellationToken);
        if (attempt.Lease is { } lease)
        {
            return lease;
        }

        var running = attempt.Running ?? new ReloadHolder("another process", null);
        logger.LogInformation("Reload by {StartedBy} refused: {Running} is reloading", startedBy, running.StartedBy);
        metrics.RecordReload(TimeSpan.Zero, "refused");
        throw new ReloadAlreadyRunningException(running);
    }

    private async Task<IndexReport> ReloadHeldAsync(bool force, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = "failed";
        try
        {
            var report = await ReloadCoreAsync(force, cancellationToken);
            result = report.Failed.Count > 0 ? "partial" : "ok";
            await NotifyListenersAsync(report, cancellationToken);
            return report;
        }
        finally
        {
            metrics.RecordReload(time.GetElapsedTime(started), result);
        }
    }

    private async Task NotifyListenersAsync(IndexReport report, CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnReloadedAsync(report, cancellationToken);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // The index itself is already switched; what a listener derives from it catches up on a later reload.
                logger.LogError(ex, "{Listener} failed after a reload", listener.GetType().Name);
            }
        }
    }

    private async Task<IndexReport> ReloadCoreAsync(bool force, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await store.InitializeAsync(cancellationToken);
        var existing = (await store.ListDocumentsAsync(cancellationToken)).ToDictionary(d => d.SourceKey, StringComparer.Ordinal);
        var rememberedFailures = (await store.ListFailedSourcesAsync(cancellationToken)).ToDictionary(f => f.SourceKey, StringComparer.Ordinal);

        var failed = new List<IndexFailure>();
        var notes = new List<IndexNote>();
        var failing = new List<FailedSource>();
        var upserts = new List<IngestedDocument>();
        var touched = new List<StoredDocument>();
        var added = new List<string>();
        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unchanged = 0;

        var roots = options.Value.Folders.Select(f => new SourceRoot(SourceScanner.KeyPrefix(f), f)).ToList();
        IReadOnlyDictionary<string, string> originUrls = new Dictionary<string, string>();
        if (addedSources is not null)
        {
            roots.AddRange(addedSources.Roots);
            originUrls = await addedSources.OriginUrlsAsync(cancellationToken);
        }

        var scan = new SourceScanner(_byExtension.Keys, options.Value.FollowSymlinks).Scan(roots, cancellationToken);
        var unlistedFolders = new List<string>();
        foreach (var problem in scan.Problems)
        {
            logger.LogWarning("Could not index {Source}: {Reason}", PrintableText.Escape(problem.Key), problem.Reason);
            failed.Add(new IndexFailure(problem.Key, problem.Reason));
            if (problem.KeepsPrevious)
            {
                unlistedFolders.Add(problem.Key.TrimEnd('/'));
            }
        }

        foreach (var (key, path) in scan.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            seen.Add(key);
            existing.TryGetValue(key, out var previous);
            rememberedFailures.TryGetValue(key, out var failedBefore);
            try
            {
                var info = new FileInfo(path);
                if (info.Length > options.Value.MaxFileBytes)
                {
                    throw new InvalidDataException($"file is {info.Length:N0} bytes, over the {options.Value.MaxFileBytes:N0}-byte limit");
                }

                // The store keeps milliseconds, so the file's time is cut to milliseconds too or it would never match.
                var modified = DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero).ToUnixTimeMilliseconds());
                bool SameFile(long size, DateTimeOffset at) => size == info.Length && at == modified;
                if (!force && failedBefore is not null && SameFile(failedBefore.FileSize, failedBefore.FileModified))
                {
                    RememberFailure(failedBefore);
                    continue;
                }

                if (!force && previous is not null && SameFile(previous.FileSize, previous.FileModified))
                {
                    unchanged++;
                    continue;
                }

                var bytes = await ReadBoundedAsync(path, options.Value.MaxFileBytes, cancellationToken);
                var hash = ContentHash.Of(bytes);
                if (!force && failedBefore is not null && failedBefore.ContentHash == hash)
                {
                    RememberFailure(failedBefore with { FileSize = info.Length, FileModified = modified });
                    continue;
                }

                if (previous is not null && previous.ContentHash == hash)
                {
                    unchanged++;
                    touched.Add(previous with { FileSize = info.Length, FileModified = modified });
                    continue;
                }

                try
                {
                    var (document, notice) = Ingest(key, bytes, hash, info.Length, modified, originUrls.GetValueOrDefault(key));
                    upserts.Add(document);
                    if (notice is not null)
                    {
                        notes.Add(new IndexNote(key, notice));
                    }
                }
                catch (InvalidDataException ex)
                {
                    failing.Add(new FailedSource(key, info.Length, modified, hash, ex.Message));
                    throw;
                }

                (previous is null ? added : changed).Add(key);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                logger.LogWarning("Could not index {Source}: {Reason}", PrintableText.Escape(key), ex.Message);
                failed.Add(new IndexFailure(key, ex.Message));
            }
        }

        void RememberFailure(FailedSource failure)
        {
            failing.Add(failure);
            failed.Add(new IndexFailure(failure.SourceKey, failure.Reason + " (unchanged since it last failed, so not read again)"));
        }

        // An entry or folder that could not be looked at says nothing about its files being gone: keep them,
        // and keep remembering their failures.
        bool Unlisted(string key) => unlistedFolders.Any(u => key == u || key.StartsWith(u + "/", StringComparison.Ordinal));
        var removed = existing.Values.Where(d => !seen.Contains(d.SourceKey) && !Unlisted(d.SourceKey)).ToList();
        failing.AddRange(rememberedFailures.Values.Where(f => !seen.Contains(f.SourceKey) && Unlisted(f.SourceKey)));
        var failuresChanged = failing.Count != rememberedFailures.Count || failing.Any(f => !rememberedFailures.TryGetValue(f.SourceKey, out var r) || r != f);
        if (upserts.Count > 0 || removed.Count > 0 || touched.Count > 0 || failuresChanged)
        {
            var changes = new IndexChangeSet(upserts, removed.Select(d => d.Id).ToList(), touched) { FailedSources = failing };
            await store.ApplyChangesAsync(changes, cancellationToken);
        }

        var documents = await store.ListDocumentsAsync(cancellationToken);
        var report = new IndexReport(
            added,
            changed,
            removed.Select(d => d.SourceKey).ToList(),
            failed,
            unchanged,
            documents.Sum(d => d.ChunkCount),
            time.GetElapsedTime(started))
        {
            Notes = notes,
        };
        if (report.HasChanges || failed.Count > 0 || notes.Count > 0)
        {
            logger.LogInformation("{Report}", IndexReportText.Format(report));
        }

        return report;
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>: a file may grow, or claim a size it does not have, after it was checked.</summary>
    private static async Task<byte[]> ReadBoundedAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"file is over the {maxBytes:N0}-byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private (IngestedDocument Document, string? Notice) Ingest(string key, byte[] bytes, string hash, long size, DateTimeOffset modified, string? originUrl)
    {
        var reader = _byExtension[Path.GetExtension(key)];
        var extracted = reader.Read(Path.GetFileName(key), bytes);
        if (extracted.Blocks.Sum(b => (long)b.Text.Length) > options.Value.MaxTextChars)
        {
            throw new InvalidDataException(TextLimit.Message(options.Value.MaxTextChars));
        }

        var title = PrintableText.Escape(string.IsNullOrWhiteSpace(extracted.Title) ? Path.GetFileNameWithoutExtension(key) : extracted.Title.Trim());
        var blocks = BoilerplateFilter.Clean(title, extracted.Blocks);
        if (blocks.Count == 0)
        {
            throw new InvalidDataException("no readable text found");
        }

        var id = DocumentIds.For(key);
        var (text, chunks) = DocumentChunker.Build(id, blocks);
        var document = new StoredDocument(id, key, title, reader.Format, hash, size, modified, chunks.Count, time.GetUtcNow(), originUrl ?? extracted.Url);
        return (new IngestedDocument(document, text, chunks), extracted.Notice);
    }
}
