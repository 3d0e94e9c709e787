namespace KzBot.Core.Coordination;

/// <summary>
/// Claims an incoming update by its platform id, so an update delivered twice (a webhook retry, a load balancer
/// sending it to two replicas) is answered once.
/// </summary>
public interface IUpdateClaims
{
    /// <summary>True for the first claim of this id, in this process or (on a shared database) any replica.</summary>
    ValueTask<bool> TryClaimAsync(string platform, long updateId, CancellationToken cancellationToken);

    /// <summary>Gives a claim back when the update could not be taken after all, so its redelivery is answered.</summary>
    ValueTask ReleaseAsync(string platform, long updateId, CancellationToken cancellationToken);
}
