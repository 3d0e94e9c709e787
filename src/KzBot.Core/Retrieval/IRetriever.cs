namespace KzBot.Core.Retrieval;

/// <summary>Finds the passages that best answer a query, and judges whether they are enough.</summary>
public interface IRetriever
{
    Task<RetrievalResult> RetrieveAsync(string query, int top, CancellationToken cancellationToken);
}
