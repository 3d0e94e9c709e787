namespace KzBot.Core.Ingestion;

/// <summary>
/// Folders indexed besides <c>Sources:Folders</c> (the managed folder of sources added from chat), and the URL each
/// of their files was fetched from, which citations show instead of the file.
/// </summary>
public interface IAddedSourceRoots
{
    IReadOnlyList<SourceRoot> Roots { get; }

    Task<IReadOnlyDictionary<string, string>> OriginUrlsAsync(CancellationToken cancellationToken);
}
