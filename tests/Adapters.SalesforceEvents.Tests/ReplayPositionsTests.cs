using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// Where a subscription got to, across instances: the shared position is the latest (an instance that held the
/// lease earlier does not go back to its own); and it never lives in Redis alone — the instances standing by follow
/// it and give a Redis that comes back empty their copy, while a position Salesforce refused stays forgotten.
/// </summary>
public sealed class ReplayPositionsTests
{
    private static readonly SalesforceId Org = SalesforceId.Parse(Samples.OrgId15);

    private readonly PubSubHarness.ObservedStore redis = new();

    private static string Key => ReplayPositions.StoreKey(SignOutDeployment.Default.Name, Org, SignOutTopics.Logout);

    private static Task Set(ReplayPositions positions, byte value) => positions.SetAsync(Org, SignOutTopics.Logout, [value], CancellationToken.None).AsTask();

    private static Task Follow(ReplayPositions positions) => positions.FollowAsync(Org, SignOutTopics.Logout, CancellationToken.None).AsTask();

    private static Task<byte[]?> Get(ReplayPositions positions) => positions.GetAsync(Org, SignOutTopics.Logout, CancellationToken.None).AsTask();

    [Fact]
    public async Task An_earlier_holder_resumes_from_where_the_later_holder_got_to()
    {
        var earlier = PubSubHarness.PositionsIn(redis);
        var later = PubSubHarness.PositionsIn(redis);
        await Set(earlier, 1);
        await Set(later, 2);

        Assert.Equal([2], await Get(earlier));
    }

    [Fact]
    public async Task A_signed_position_written_back_from_before_is_refused_and_the_newer_own_copy_is_used()
    {
        // Review finding: positions were signed but not ordered, so anyone who could write Redis could put an older
        // one back (a replay, or past Salesforce's retention a skip to the latest event).
        var holder = PubSubHarness.PositionsIn(redis);
        await Set(holder, 1);
        var older = redis.Get(Key)!;
        await Set(holder, 2);
        var standby = PubSubHarness.PositionsIn(redis);
        await Follow(standby);

        await redis.SetAsync(Key, older, new DistributedCacheEntryOptions());

        Assert.Equal([2], await Get(holder));
        Assert.Equal([2], await Get(standby));
    }

    [Fact]
    public async Task A_standby_gives_a_Redis_back_empty_its_copy()
    {
        var holder = PubSubHarness.PositionsIn(redis);
        var standby = PubSubHarness.PositionsIn(redis);
        await Set(holder, 7);
        await Follow(standby);

        await redis.RemoveAsync(Key); // restarted without persistence; the holder is gone too
        await Follow(standby);

        Assert.NotNull(redis.Get(Key));
        Assert.Equal([7], await Get(PubSubHarness.PositionsIn(redis)));
    }

    [Fact]
    public async Task A_position_Salesforce_refused_stays_forgotten_however_many_standbys_knew_it()
    {
        var holder = PubSubHarness.PositionsIn(redis);
        var standby = PubSubHarness.PositionsIn(redis);
        await Set(holder, 7);
        await Follow(standby);

        await holder.ForgetAsync(Org, SignOutTopics.Logout, CancellationToken.None);
        await Follow(standby);

        Assert.Null(await Get(standby));
        Assert.Null(await Get(PubSubHarness.PositionsIn(redis)));
    }

    [Fact]
    public async Task A_newcomer_that_knows_nothing_waits_for_a_standby_when_Redis_comes_back_empty()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var standby = PubSubHarness.PositionsIn(redis);
        await Set(PubSubHarness.PositionsIn(redis), 7);
        await Follow(standby);
        var flaky = new FailingOnce(redis);
        var newcomer = new ReplayPositions(PubSubHarness.Keys, clock, NullLogger<ReplayPositions>.Instance, flaky);
        await redis.RemoveAsync(Key); // Redis restarted empty…
        await Follow(newcomer); // …after failing this instance once, before it knew anything

        var resumed = Get(newcomer);
        await Follow(standby);
        clock.Advance(ReplayPositions.RestoreWait);

        Assert.Equal([7], await resumed.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_newcomer_with_Redis_empty_and_no_failure_starts_with_no_position()
    {
        await Set(PubSubHarness.PositionsIn(redis), 7);
        await redis.RemoveAsync(Key);

        Assert.Null(await Get(PubSubHarness.PositionsIn(redis)));
    }

    [Fact]
    public async Task An_instance_with_no_position_of_its_own_reads_redis_even_while_its_store_is_paused_after_a_fault()
    {
        // Its last write failed (another topic's), so the store is left alone for the fault pause; but with no copy of
        // its own, skipping Redis would start the subscription from the latest event, past whatever came meanwhile.
        await Set(PubSubHarness.PositionsIn(redis), 7);
        var flaky = new FailingOnce(redis, failWrite: true);
        var taker = new ReplayPositions(PubSubHarness.Keys, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<ReplayPositions>.Instance, flaky);
        await taker.SetAsync(Org, SignOutTopics.UserChange, [1], CancellationToken.None);

        Assert.Equal([7], await Get(taker));
    }

    /// <summary>Redis as seen by an instance it failed once (a read, or with <paramref name="failWrite"/> a write).</summary>
    private sealed class FailingOnce(IDistributedCache inner, bool failWrite = false) : IDistributedCache
    {
        private int failed;

        private bool FailsNow(bool write) => write == failWrite && Interlocked.Exchange(ref failed, 1) == 0;

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
            FailsNow(write: false) ? Task.FromException<byte[]?>(new TimeoutException("Redis did not answer")) : inner.GetAsync(key, token);

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => inner.Set(key, value, options);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
            FailsNow(write: true) ? Task.FromException(new TimeoutException("Redis did not answer")) : inner.SetAsync(key, value, options, token);
    }
}
