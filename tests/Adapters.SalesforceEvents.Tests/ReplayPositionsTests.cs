using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// Where a subscription got to, across instances: the shared position is the latest (an instance that held the
/// lease earlier does not go back to its own); and it never lives in Redis alone — an instance standing by follows it,
/// so a Redis that comes back empty is given it again instead of sending the subscription to the latest event.
/// </summary>
public sealed class ReplayPositionsTests
{
    private static readonly SalesforceId Org = SalesforceId.Parse(Samples.OrgId15);

    private readonly PubSubHarness.ObservedStore redis = new();

    private static string Key => $"replay:v2:{Org.Value}:{SignOutTopics.Logout}";

    [Fact]
    public async Task An_earlier_holder_resumes_from_where_the_later_holder_got_to()
    {
        var earlier = PubSubHarness.PositionsIn(redis);
        var later = PubSubHarness.PositionsIn(redis);
        await earlier.SetAsync(Org, SignOutTopics.Logout, [1], CancellationToken.None);
        await later.SetAsync(Org, SignOutTopics.Logout, [2], CancellationToken.None);

        Assert.Equal([2], await earlier.GetAsync(Org, SignOutTopics.Logout, CancellationToken.None));
    }

    [Fact]
    public async Task A_standby_that_followed_the_holder_gives_a_Redis_back_empty_the_position_again()
    {
        var holder = PubSubHarness.PositionsIn(redis);
        var standby = PubSubHarness.PositionsIn(redis);
        await holder.SetAsync(Org, SignOutTopics.Logout, [7], CancellationToken.None);
        await standby.FollowAsync(Org, SignOutTopics.Logout, CancellationToken.None);

        await redis.RemoveAsync(Key); // restarted without persistence; the holder is gone too
        await standby.FollowAsync(Org, SignOutTopics.Logout, CancellationToken.None);
        var writtenWhileStandingBy = redis.Get(Key);
        var resumed = await standby.GetAsync(Org, SignOutTopics.Logout, CancellationToken.None);

        Assert.Null(writtenWhileStandingBy); // only the instance about to read writes
        Assert.Equal([7], resumed);
        Assert.NotNull(redis.Get(Key));
        Assert.Equal([7], await PubSubHarness.PositionsIn(redis).GetAsync(Org, SignOutTopics.Logout, CancellationToken.None));
    }

    [Fact]
    public async Task A_newcomer_with_Redis_empty_has_no_position()
    {
        await PubSubHarness.PositionsIn(redis).SetAsync(Org, SignOutTopics.Logout, [7], CancellationToken.None);
        await redis.RemoveAsync(Key);

        Assert.Null(await PubSubHarness.PositionsIn(redis).GetAsync(Org, SignOutTopics.Logout, CancellationToken.None));
    }
}
