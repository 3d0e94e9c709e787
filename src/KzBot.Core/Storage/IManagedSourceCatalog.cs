namespace KzBot.Core.Storage;

/// <summary>Where an added source came from.</summary>
public enum SourceOrigin
{
    Url,
    Upload,
}

/// <summary>
/// One source added from chat or the CLI: its file in the managed folder (<see cref="FileName"/>), where it came
/// from, who added it, and the validators a refresh sends back.
/// </summary>
public sealed record ManagedSource(
    string Id,
    string FileName,
    SourceOrigin Origin,
    string Location,
    string ContentType,
    string AddedBy,
    DateTimeOffset AddedAt,
    string? ETag,
    string? LastModified,
    string ContentHash,
    long Bytes)
{
    public string? Url => Origin == SourceOrigin.Url ? Location : null;
}

/// <summary>The metadata of added sources (their passages live with every other document's).</summary>
public interface IManagedSourceCatalog
{
    Task<IReadOnlyList<ManagedSource>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the record with the same id.</summary>
    Task SaveAsync(ManagedSource source, CancellationToken cancellationToken);

    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
