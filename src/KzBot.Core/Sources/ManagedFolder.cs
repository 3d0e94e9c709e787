using KzBot.Core.Ingestion;
using KzBot.Core.Options;
using KzBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace KzBot.Core.Sources;

/// <summary>
/// The folder added sources are kept in (<c>Sources:ManagedFolder</c>, by default "sources" beside the store), indexed
/// as one more source root whose keys start with "added/".
/// </summary>
public sealed class ManagedFolder(
    IManagedSourceCatalog catalog,
    IOptions<ManagedSourcesOptions> options,
    IOptions<StorageOptions> storage,
    IOptions<SourcesOptions> sources)
    : IAddedSourceRoots
{
    public const string KeyPrefix = "added";

    public string Path { get; } = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(
        string.IsNullOrWhiteSpace(options.Value.ManagedFolder)
            ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(storage.Value.Path)) ?? ".", "sources")
            : options.Value.ManagedFolder));

    // Until the first source is added the folder does not exist, and a missing root would be reported as a failure.
    // A managed folder inside a configured source folder is already scanned there; scanning it twice would index
    // every file twice.
    public IReadOnlyList<SourceRoot> Roots => Directory.Exists(Path) && !InsideSourceFolder ? [new SourceRoot(KeyPrefix, Path)] : [];

    private bool InsideSourceFolder => sources.Value.Folders
        .Select(f => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(f)))
        .Any(f => Path == f || Path.StartsWith(f + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal));

    public static string KeyFor(ManagedSource source) => KeyPrefix + "/" + source.FileName;

    public string FileFor(ManagedSource source) => System.IO.Path.Combine(Path, source.FileName);

    public async Task<IReadOnlyDictionary<string, string>> OriginUrlsAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path))
        {
            return new Dictionary<string, string>();
        }

        var sources = await catalog.ListAsync(cancellationToken);
        return sources.Where(s => s.Url is not null).ToDictionary(KeyFor, s => s.Url!, StringComparer.Ordinal);
    }
}
