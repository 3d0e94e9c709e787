using System.Globalization;
using System.Text;
using KzBot.Core.Ingestion;
using KzBot.Core.Sources.Fetching;
using KzBot.Core.Storage;
using KzBot.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Sources;

/// <summary>The outcome of an add, remove or refresh as the admin reads it, and the index report behind it.</summary>
public sealed record SourceChange(string Text, IndexReport? Report);

/// <summary>
/// Adds, removes and refreshes the sources admins give from chat or the CLI. Each change writes the managed folder
/// and the metadata, then runs the ordinary reload (one transaction); a file the reload cannot index is taken back
/// out, so a failed add leaves nothing behind and a failed refresh keeps the previous version.
/// </summary>
public sealed class ManagedSources(
    SafeFetcher fetcher,
    IManagedSourceCatalog catalog,
    ManagedFolder folder,
    ICorpusStore store,
    DataIngestor ingestor,
    IOptions<ManagedSourcesOptions> options,
    TimeProvider time,
    ILogger<ManagedSources> logger)
{
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private ManagedSourcesOptions Options => options.Value;

    /// <summary>The largest source that may be added (<c>Sources:MaxSourceBytes</c>).</summary>
    public long MaxSourceBytes => Options.MaxSourceBytes;

    public Task<IReadOnlyList<ManagedSource>> ListAsync(CancellationToken cancellationToken) => catalog.ListAsync(cancellationToken);

    /// <summary>Refuses early (before a download) when no source can be added, or one of <paramref name="size"/> bytes would not fit.</summary>
    public async Task CheckRoomAsync(long? size, CancellationToken cancellationToken) =>
        CheckRoom(await catalog.ListAsync(cancellationToken), size ?? 0);

    public async Task<SourceChange> AddUrlAsync(string url, string addedBy, CancellationToken cancellationToken)
    {
        if (!WebLink.TryParse(url.Trim().Trim('<', '>'), out var uri))
        {
            throw new ManagedSourceException("that is not an http:// or https:// address. Usage: /add <url>, or send a file with /add as its caption");
        }

        return await ExclusiveAsync($"/add by {addedBy}", async reload =>
        {
            var all = await catalog.ListAsync(cancellationToken);
            if (all.FirstOrDefault(s => s.Url == uri.ToString()) is { } duplicate)
            {
                throw new ManagedSourceException($"{uri} is already added as {duplicate.Id}; /refresh {duplicate.Id} fetches it again");
            }

            CheckRoom(all, 0);
            var fetched = await fetcher.FetchAsync(uri.ToString(), Options.MaxSourceBytes, null, cancellationToken);
            var bytes = Prepared(fetched);
            CheckRoom(all, bytes.Length);
            var id = NewId(uri.ToString(), all);
            var source = new ManagedSource(
                id,
                FileName(id, NameFromUrl(fetched.FinalUrl), fetched.Kind),
                SourceOrigin.Url,
                fetched.FinalUrl.ToString(),
                fetched.ContentType,
                addedBy,
                time.GetUtcNow(),
                fetched.Validators.ETag,
                fetched.Validators.LastModified,
                ContentHash.Of(bytes),
                bytes.Length);
            return await CommitAsync(reload, source, bytes, null, "Added", cancellationToken);
        }, cancellationToken);
    }

    public async Task<SourceChange> AddFileAsync(string fileName, string? mediaType, byte[] content, string addedBy, CancellationToken cancellationToken)
    {
        if (content.Length > Options.MaxSourceBytes)
        {
            throw new ManagedSourceException(SafeFetcher.TooLarge(Options.MaxSourceBytes));
        }

        var name = PrintableText.Escape(Path.GetFileName(fileName.Replace('\\', '/')));
        var kind = ContentSniffer.Detect(
            string.IsNullOrWhiteSpace(mediaType) || mediaType == "application/octet-stream" ? ContentSniffer.MediaTypeFor(name) : mediaType,
            content,
            name);
        return await ExclusiveAsync($"/add by {addedBy}", async reload =>
        {
            var all = await catalog.ListAsync(cancellationToken);
            var hash = ContentHash.Of(content);
            if (all.FirstOrDefault(s => s.ContentHash == hash) is { } duplicate)
            {
                throw new ManagedSourceException($"the same file is already added as {duplicate.Id}");
            }

            CheckRoom(all, content.Length);
            var id = NewId(hash, all);
            var source = new ManagedSource(
                id,
                FileName(id, Path.GetFileNameWithoutExtension(name), kind),
                SourceOrigin.Upload,
                name,
                mediaType ?? "",
                addedBy,
                time.GetUtcNow(),
                null,
                null,
                hash,
                content.Length);
            return await CommitAsync(reload, source, content, null, "Added", cancellationToken);
        }, cancellationToken);
    }

    /// <summary>What /remove would delete, for the confirmation question; throws when the id names no added source.</summary>
    public async Task<string> DescribeForRemovalAsync(string id, CancellationToken cancellationToken)
    {
        var source = await FindAsync(id, cancellationToken);
        var document = await DocumentOfAsync(source, cancellationToken);
        return $"{source.Id} “{document?.Title ?? source.Location}” ({document?.ChunkCount ?? 0} passages)";
    }

    public Task<SourceChange> RemoveAsync(string id, CancellationToken cancellationToken) => ExclusiveAsync($"/remove {id}", async reload =>
    {
        var source = await FindAsync(id, cancellationToken);
        var document = await DocumentOfAsync(source, cancellationToken);
        await catalog.DeleteAsync(source.Id, cancellationToken);
        File.Delete(folder.FileFor(source));
        var report = await reload(cancellationToken);
        logger.LogInformation("Removed added source {Id} ({Origin})", source.Id, source.Origin);
        return new SourceChange(
            $"Removed {source.Id} “{document?.Title ?? source.Location}” and its {document?.ChunkCount ?? 0} passages.\n{IndexReportText.Format(report)}",
            report);
    }, cancellationToken);

    public Task<SourceChange> RefreshAsync(string id, CancellationToken cancellationToken) => ExclusiveAsync($"/refresh {id}", async reload =>
    {
        var source = await FindAsync(id, cancellationToken);
        if (source.Url is null)
        {
            throw new ManagedSourceException($"{source.Id} is an uploaded file, so there is nothing to fetch again; /remove it and add the new version");
        }

        var (line, updated) = await FetchAgainAsync(source, cancellationToken);
        if (updated is null)
        {
            return new SourceChange(line, null);
        }

        return await CommitAsync(reload, updated.Value.Source, updated.Value.Bytes, source, "Refreshed", cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Fetches every URL source again (conditionally) and re-indexes what changed, with the source folders, in one
    /// reload; returns one line per URL source and the report. <paramref name="startedBy"/> is what a reload refused
    /// meanwhile is told; this one throws <see cref="ReloadAlreadyRunningException"/> when another runs.
    /// </summary>
    public Task<SourceChange> RefreshAllAndReloadAsync(string startedBy, CancellationToken cancellationToken) => ingestor.ExclusiveAsync(startedBy, async reload =>
    {
        var lines = new List<string>();
        var written = new List<(ManagedSource Before, byte[] OldBytes, ManagedSource After)>();
        foreach (var source in (await catalog.ListAsync(cancellationToken)).Where(s => s.Url is not null))
        {
            try
            {
                var (line, updated) = await FetchAgainAsync(source, cancellationToken);
                lines.Add(line);
                if (updated is { } u)
                {
                    var old = await File.ReadAllBytesAsync(folder.FileFor(source), cancellationToken);
                    await WriteAsync(source, u.Source, u.Bytes, cancellationToken);
                    written.Add((source, old, u.Source));
                }
            }
            catch (ManagedSourceException ex)
            {
                lines.Add($"{source.Id}: not refreshed, {ex.Message}");
            }
        }

        var report = await reload(cancellationToken);
        var restored = 0;
        foreach (var (before, oldBytes, after) in written.Where(w => report.Failed.Any(f => f.Source == ManagedFolder.KeyFor(w.After))))
        {
            await WriteAsync(after, before, oldBytes, cancellationToken);
            restored++;
        }

        if (restored > 0)
        {
            report = await reload(cancellationToken);
        }

        var text = lines.Count == 0 ? IndexReportText.Format(report) : "URL sources:\n" + string.Join('\n', lines) + "\n" + IndexReportText.Format(report);
        return new SourceChange(text, report);
    }, cancellationToken);

    private async Task<(string Line, (ManagedSource Source, byte[] Bytes)? Updated)> FetchAgainAsync(ManagedSource source, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(source.Url!, Options.MaxSourceBytes, new FetchValidators(source.ETag, source.LastModified), cancellationToken);
        if (fetched.NotModified)
        {
            return ($"{source.Id}: unchanged (the server answered 304 Not Modified)", null);
        }

        var bytes = Prepared(fetched);
        var hash = ContentHash.Of(bytes);
        var refreshed = source with
        {
            ETag = fetched.Validators.ETag,
            LastModified = fetched.Validators.LastModified,
            ContentType = fetched.ContentType,
        };
        if (hash == source.ContentHash)
        {
            await catalog.SaveAsync(refreshed, cancellationToken);
            return ($"{source.Id}: unchanged (same content)", null);
        }

        var all = await catalog.ListAsync(cancellationToken);
        CheckRoom(all.Where(s => s.Id != source.Id).ToList(), bytes.Length, adding: false);
        var updated = refreshed with
        {
            FileName = FileName(source.Id, NameFromUrl(fetched.FinalUrl), fetched.Kind),
            ContentHash = hash,
            Bytes = bytes.Length,
        };
        return ($"{source.Id}: changed", (updated, bytes));
    }

    private async Task<SourceChange> CommitAsync(
        Func<CancellationToken, Task<IndexReport>> reload, ManagedSource source, byte[] bytes, ManagedSource? previous, string verb, CancellationToken cancellationToken)
    {
        var oldBytes = previous is null ? null : await File.ReadAllBytesAsync(folder.FileFor(previous), cancellationToken);
        await WriteAsync(previous, source, bytes, cancellationToken);
        var report = await reload(cancellationToken);
        var key = ManagedFolder.KeyFor(source);
        if (report.Failed.FirstOrDefault(f => f.Source == key) is { } failure)
        {
            if (previous is null)
            {
                await catalog.DeleteAsync(source.Id, cancellationToken);
                File.Delete(folder.FileFor(source));
            }
            else
            {
                await WriteAsync(source, previous, oldBytes!, cancellationToken);
            }

            await reload(cancellationToken);
            throw new ManagedSourceException($"it could not be indexed: {failure.Reason}");
        }

        var document = await DocumentOfAsync(source, cancellationToken);
        logger.LogInformation("{Verb} source {Id} ({Origin}) by {AddedBy}", verb, source.Id, source.Origin, source.AddedBy);
        var ci = CultureInfo.InvariantCulture;
        var text = string.Create(ci, $"{verb} {source.Id}: “{document?.Title ?? source.Location}” — {source.Location} ({document?.ChunkCount ?? 0} passages).\n{IndexReportText.Format(report)}");
        return new SourceChange(text, report);
    }

    // The file goes in under a temporary name and is renamed into place, so a reload never reads half a file.
    private async Task WriteAsync(ManagedSource? replaced, ManagedSource source, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Path);
        var target = folder.FileFor(source);
        var temporary = target + ".partial";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, target, overwrite: true);
        if (replaced is not null && replaced.FileName != source.FileName)
        {
            File.Delete(folder.FileFor(replaced));
        }

        await catalog.SaveAsync(source, cancellationToken);
    }

    private async Task<ManagedSource> FindAsync(string id, CancellationToken cancellationToken)
    {
        var wanted = id.Trim().ToLowerInvariant();
        if (wanted.Length == 0)
        {
            throw new ManagedSourceException("give the source's id, as /sources lists it");
        }

        if ((await catalog.ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == wanted) is { } source)
        {
            return source;
        }

        var folderDocument = (await store.ListDocumentsAsync(cancellationToken))
            .FirstOrDefault(d => !d.SourceKey.StartsWith(ManagedFolder.KeyPrefix + "/", StringComparison.Ordinal) && SourceListing.ShortId(d) == wanted);
        throw new ManagedSourceException(folderDocument is null
            ? $"no source has the id {PrintableText.Escape(wanted)}; /sources lists them"
            : $"{wanted} is the file {PrintableText.Escape(folderDocument.SourceKey)} in a source folder on the server; remove or change it there and run /reload");
    }

    private async Task<StoredDocument?> DocumentOfAsync(ManagedSource source, CancellationToken cancellationToken)
    {
        var key = ManagedFolder.KeyFor(source);
        return (await store.ListDocumentsAsync(cancellationToken)).FirstOrDefault(d => d.SourceKey == key);
    }

    private void CheckRoom(IReadOnlyList<ManagedSource> all, long size, bool adding = true)
    {
        var ci = CultureInfo.InvariantCulture;
        if (adding && all.Count >= Options.MaxManagedSources)
        {
            throw new ManagedSourceException(string.Create(ci, $"{all.Count} sources are already added, the limit (Sources:MaxManagedSources); /remove one first"));
        }

        if (size > Options.MaxSourceBytes)
        {
            throw new ManagedSourceException(SafeFetcher.TooLarge(Options.MaxSourceBytes));
        }

        var total = all.Sum(s => s.Bytes);
        if (total + size > Options.MaxManagedBytes)
        {
            throw new ManagedSourceException(string.Create(ci,
                $"added sources would take {total + size:N0} bytes, over the {Options.MaxManagedBytes:N0}-byte limit (Sources:MaxManagedBytes); /remove one first"));
        }
    }

    private static byte[] Prepared(FetchResult fetched) =>
        fetched.Kind == SourceKind.Html ? ArticleExtractor.Extract(fetched.Body, fetched.FinalUrl) : fetched.Body;

    // Short, stable and readable aloud: six characters without look-alikes (l/1, o/0); longer only on a clash.
    private static string NewId(string seed, IReadOnlyList<ManagedSource> all)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        for (var length = 6; ; length++)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < length; i++)
            {
                sb.Append(IdAlphabet[hash[i % hash.Length] % IdAlphabet.Length]);
            }

            var id = sb.ToString();
            if (all.All(s => s.Id != id))
            {
                return id;
            }
        }
    }

    private static string NameFromUrl(Uri url)
    {
        var last = url.Segments.LastOrDefault()?.Trim('/') ?? "";
        return last.Length > 0 ? Path.GetFileNameWithoutExtension(Uri.UnescapeDataString(last)) : url.Host;
    }

    // The name keeps only letters, digits and dashes, so no upload name can climb out of the folder or hide a path.
    private static string FileName(string id, string name, SourceKind kind)
    {
        var slug = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        slug = slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
        return (slug.Length == 0 ? id : $"{id}-{slug}") + ContentSniffer.Extension(kind);
    }

    /// <summary>
    /// Every change (catalogue, files, the reloads that index them) runs under the reload lock, so no reload here or in
    /// another replica reads half a change, and two changes never interleave. A change asked for while a reload runs
    /// is refused, like the reload.
    /// </summary>
    private async Task<T> ExclusiveAsync<T>(string startedBy, Func<Func<CancellationToken, Task<IndexReport>>, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await ingestor.ExclusiveAsync(startedBy, work, cancellationToken);
        }
        catch (ReloadAlreadyRunningException ex)
        {
            throw new ManagedSourceException($"{char.ToLowerInvariant(ex.Message[0])}{ex.Message[1..].TrimEnd('.')}; nothing was changed");
        }
    }
}
