namespace KzBot.Core.Coordination;

/// <summary>
/// Coordination for one process on its own store (SQLite): it is always the leader, and duplicate updates are
/// remembered in memory.
/// </summary>
public sealed class SingleProcessCoordination : ILeaderElection, IUpdateClaims
{
    private const int RememberedUpdates = 10_000;

    private readonly RecentIds _claimed = new(RememberedUpdates);

    public Task<Leadership> WaitForLeadershipAsync(string role, CancellationToken cancellationToken) =>
        Task.FromResult<Leadership>(new Permanent());

    public ValueTask<bool> TryClaimAsync(string platform, long updateId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_claimed.TryAdd(Key(platform, updateId)));

    public ValueTask ReleaseAsync(string platform, long updateId, CancellationToken cancellationToken)
    {
        _claimed.Remove(Key(platform, updateId));
        return ValueTask.CompletedTask;
    }

    private static string Key(string platform, long updateId) => platform + ":" + updateId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Permanent : Leadership
    {
        public override CancellationToken Lost => CancellationToken.None;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
