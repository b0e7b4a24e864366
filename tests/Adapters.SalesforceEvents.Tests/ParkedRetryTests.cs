using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>A parked sign-out is not the end of it: it is tried again, after 1 minute and then less often, until the
/// directory takes it or 7 days pass, and health is degraded only while one is outstanding.</summary>
public sealed class ParkedRetryTests
{
    private static readonly SalesforceId Org = SalesforceId.Parse("00D5j00000SfSso");
    private static readonly SalesforceId User = SalesforceId.Parse("0055j00000Alice");

    [Fact]
    public async Task A_parked_sign_out_is_tried_after_its_wait_then_less_often_until_it_succeeds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var parked = new ParkedSignOuts(time, NullLogger<ParkedSignOuts>.Instance);
        var health = new SingleSignOutHealth(parked, time);
        await parked.ParkAsync(Org, SignOutTopics.Logout, [1, 2], [User], SignOutCause.Logout, CancellationToken.None);
        var tries = new List<DateTimeOffset>();
        var directoryBack = false;
        Task<bool> Retry(ParkedSignOut entry, CancellationToken cancellation)
        {
            tries.Add(time.GetUtcNow());
            return Task.FromResult(directoryBack);
        }

        Assert.Equal(0, await parked.RetryDueAsync(Retry, CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await parked.RetryDueAsync(Retry, CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await parked.RetryDueAsync(Retry, CancellationToken.None)); // the next wait is 2 minutes
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(health.Status().Degraded);
        directoryBack = true;
        Assert.Equal(1, await parked.RetryDueAsync(Retry, CancellationToken.None));

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3)], tries.Select(at => at - new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(0, parked.Outstanding);
        Assert.False(health.Status().Degraded);
    }

    [Fact]
    public async Task A_parked_sign_out_is_given_up_after_seven_days_and_the_waits_stop_at_an_hour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var parked = new ParkedSignOuts(time, NullLogger<ParkedSignOuts>.Instance);
        await parked.ParkAsync(Org, SignOutTopics.Logout, [1], [User], SignOutCause.Logout, CancellationToken.None);
        var tries = 0;
        for (var hour = 0; hour < 7 * 24 + 1; hour++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await parked.RetryDueAsync((_, _) => { tries++; return Task.FromResult(false); }, CancellationToken.None);
        }

        Assert.Equal(0, parked.Outstanding);
        Assert.InRange(tries, 7 * 24 - 2, 7 * 24);
    }

    [Fact]
    public async Task Parked_sign_outs_a_process_left_are_taken_over_once_and_leave_the_store_when_done()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var redis = new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()));
        using (var first = new ParkedSignOuts(time, NullLogger<ParkedSignOuts>.Instance, redis))
        {
            await first.ParkAsync(Org, SignOutTopics.Logout, [1], [User], SignOutCause.Logout, CancellationToken.None);
            await first.ParkAsync(Org, SignOutTopics.Logout, [2], [User], SignOutCause.Logout, CancellationToken.None);
            await first.ParkAsync(Org, UserSweep.MarkName, [3], [User], SignOutCause.Frozen, CancellationToken.None);
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, await first.RetryDueAsync((entry, _) => Task.FromResult(entry.ReplayId == "01"), CancellationToken.None));
        } // the process dies with two outstanding

        using var next = new ParkedSignOuts(time, NullLogger<ParkedSignOuts>.Instance, redis);
        Assert.Equal(1, await next.AdoptAsync(Org.Value, SignOutTopics.Logout, CancellationToken.None));
        Assert.Equal(0, await next.AdoptAsync(Org.Value, SignOutTopics.Logout, CancellationToken.None)); // not twice
        var retried = new List<ParkedSignOut>();
        Assert.Equal(1, await next.RetryDueAsync((entry, _) => { retried.Add(entry); return Task.FromResult(true); }, CancellationToken.None)); // due at once
        var only = Assert.Single(retried);
        Assert.Equal(("02", SignOutCause.Logout), (only.ReplayId, only.Cause));
        Assert.Equal([User.Value], only.UserIds);

        using var third = new ParkedSignOuts(time, NullLogger<ParkedSignOuts>.Instance, redis);
        Assert.Equal(0, await third.AdoptAsync(Org.Value, SignOutTopics.Logout, CancellationToken.None)); // done: gone from the store
        Assert.Equal(1, await third.AdoptAsync(Org.Value, UserSweep.MarkName, CancellationToken.None)); // the sweep's, kept apart
    }

    [Fact]
    public async Task Once_the_directory_is_back_the_retry_signs_the_parked_users_out_as_their_event_would_have()
    {
        await using var harness = await PubSubHarness.StartAsync();
        var host = await harness.StartSubscriberAsync(settings: new() { ["SignOut:SweepMinutes"] = "0" });
        await harness.WaitUntilSubscribedAsync();
        var alice = PubSubHarness.UsernameOf(harness.Alice);
        harness.SignOuts.Refused[alice] = 0;
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        var parked = host.Services.GetRequiredService<ParkedSignOuts>();
        Assert.Equal(1, parked.Outstanding);

        harness.SignOuts.Refused.TryRemove(alice, out _);
        var subscriber = host.Services.GetServices<IHostedService>().OfType<SignOutSubscriber>().Single();
        Assert.Equal(1, await parked.RetryDueAsync(subscriber.RetryAsync, CancellationToken.None, now: true));

        Assert.Equal(alice, await harness.SignOuts.NextAsync());
        Assert.False(host.Services.GetRequiredService<SingleSignOutHealth>().Status().Degraded);
    }

    [Fact]
    public async Task A_parked_sign_out_succeeds_once_the_directory_is_back_with_nothing_done_by_hand()
    {
        await using var harness = await PubSubHarness.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = await harness.StartSubscriberAsync(settings: new() { ["SignOut:SweepMinutes"] = "0" }, time: time);
        await harness.WaitUntilSubscribedAsync();
        var alice = PubSubHarness.UsernameOf(harness.Alice);
        var parked = host.Services.GetRequiredService<ParkedSignOuts>();
        harness.SignOuts.Refused[alice] = 0; // the directory failing for a while
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        // The subscriber's own clock drives its waits: between attempts, then the parked sign-out's first retry.
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(1), () => parked.Outstanding == 1);
        Assert.Empty(harness.SignOuts.All);
        harness.SignOuts.Refused.TryRemove(alice, out _);
        await AdvanceUntilAsync(time, TimeSpan.FromSeconds(10), () => parked.Outstanding == 0);

        Assert.Equal([alice], harness.SignOuts.All);
        Assert.False(host.Services.GetRequiredService<SingleSignOutHealth>().Status().Degraded);
        Assert.Equal(1, parked.Count); // parked once, not again on each retry
    }

    /// <summary>Moves the clock a step at a time, letting the host's loops run between steps, until it is done.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> done)
    {
        for (var steps = 0; !done(); steps++)
        {
            Assert.True(steps < 1000, "not done after 1,000 steps of the clock");
            time.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }
}
