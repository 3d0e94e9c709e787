namespace KzBot.Core.Coordination;

/// <summary>
/// Elects one process among the replicas for a role only one may fill at a time (the Telegram poller: Telegram
/// answers 409 to a second getUpdates caller). A single process is always elected.
/// </summary>
public interface ILeaderElection
{
    /// <summary>Waits until this process holds <paramref name="role"/>; dispose the result to give it up.</summary>
    Task<Leadership> WaitForLeadershipAsync(string role, CancellationToken cancellationToken);
}

/// <summary>A held role. <see cref="Lost"/> fires when it was taken away (the database connection that held it died).</summary>
public abstract class Leadership : IAsyncDisposable
{
    public abstract CancellationToken Lost { get; }

    public abstract ValueTask DisposeAsync();
}
