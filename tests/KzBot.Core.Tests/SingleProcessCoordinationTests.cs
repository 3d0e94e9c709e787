using KzBot.Core.Coordination;

namespace KzBot.Core.Tests;

public sealed class SingleProcessCoordinationTests
{
    [Fact]
    public async Task A_redelivered_update_is_claimed_once_unless_the_claim_was_given_back()
    {
        var coordination = new SingleProcessCoordination();

        Assert.True(await coordination.TryClaimAsync("telegram", 5, CancellationToken.None));
        Assert.False(await coordination.TryClaimAsync("telegram", 5, CancellationToken.None));
        Assert.True(await coordination.TryClaimAsync("discord", 5, CancellationToken.None));

        await coordination.ReleaseAsync("telegram", 5, CancellationToken.None);
        Assert.True(await coordination.TryClaimAsync("telegram", 5, CancellationToken.None));
    }

    [Fact]
    public async Task A_single_process_is_always_the_leader_and_never_loses_the_role()
    {
        await using var leadership = await new SingleProcessCoordination().WaitForLeadershipAsync("poller", CancellationToken.None);
        Assert.False(leadership.Lost.CanBeCanceled);
    }
}
