namespace KzBot.Core.Storage;

/// <summary>Something that keeps what it learned from the index (term counts, vocabulary) until the index changes.</summary>
public interface IIndexCache
{
    /// <summary>Drops what was cached: the index was changed, possibly by another process.</summary>
    void Forget();
}
