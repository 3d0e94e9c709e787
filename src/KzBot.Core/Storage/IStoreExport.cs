namespace KzBot.Core.Storage;

/// <summary>Reads a whole store, so it can be moved to another engine (<c>kzbot migrate</c>).</summary>
public interface IStoreExport
{
    /// <summary>Where the store is, for messages (a file path, or a server and database without credentials).</summary>
    string Description { get; }

    Task<StoreSnapshot> ReadAllAsync(CancellationToken cancellationToken);
}
