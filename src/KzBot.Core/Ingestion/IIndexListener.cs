namespace KzBot.Core.Ingestion;

/// <summary>
/// Keeps something derived from the index (vectors, caches) in step with it. <see cref="DataIngestor"/> tells
/// every registered listener after each reload, one after another in registration order, and waits for each.
/// </summary>
public interface IIndexListener
{
    /// <summary>Called after every reload, whether or not it changed anything (a listener may have work left from an earlier one).</summary>
    Task OnReloadedAsync(IndexReport report, CancellationToken cancellationToken);
}
