using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>The sweep signs out what no event brought: a deactivation Salesforce never published, a frozen user (no
/// event says so), the users of a GAP_OVERFLOW — each within one sweep, on the subscriber's clock.</summary>
public sealed class SweepTests : IAsyncLifetime
{
    private PubSubHarness harness = null!;

    public async Task InitializeAsync() => harness = await PubSubHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private HttpClient Salesforce()
    {
        var client = new HttpClient { BaseAddress = harness.Settings.SalesforceUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", harness.Alice.SessionId);
        return client;
    }

    /// <summary>A subscriber sweeping every minute of <paramref name="time"/>; completes once its first sweep found nothing.</summary>
    private async Task StartSweepingSubscriberAsync(FakeTimeProvider time)
    {
        var firstSweep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.StartSubscriberAsync(settings: new() { ["SignOut:SweepMinutes"] = "1" }, time: time, logged: line =>
        {
            if (line.Contains("no user deactivated or frozen since the last sweep", StringComparison.Ordinal))
            {
                firstSweep.TrySetResult();
            }
        });
        await harness.WaitUntilSubscribedAsync();
        await firstSweep.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_deactivation_salesforce_never_published_is_signed_out_by_the_next_sweep()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartSweepingSubscriberAsync(time);
        using var salesforce = Salesforce();
        (await salesforce.PostAsJsonAsync(SalesforceStandIn.SuppressPath, new JsonObject { ["topic"] = SignOutTopics.UserChange, ["count"] = 1 })).Dispose();
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + harness.Bob.UserId.Value, new JsonObject { ["IsActive"] = false })).Dispose();
        Assert.Equal(0, harness.Bus.Latest(SignOutTopics.UserChange));

        Assert.Empty(harness.SignOuts.All);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
    }

    [Fact]
    public async Task A_frozen_user_is_signed_out_by_the_next_sweep_though_no_event_says_so()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartSweepingSubscriberAsync(time);
        using var salesforce = Salesforce();
        var login = await salesforce.GetFromJsonAsync<JsonObject>($"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString($"SELECT Id FROM UserLogin WHERE UserId = '{harness.Bob.UserId.Value}'")}");
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserLoginRecordPath + login!["records"]![0]!["Id"]!.GetValue<string>(), new JsonObject { ["IsFrozen"] = true })).Dispose();

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        Assert.Equal(0, harness.Bus.Latest(SignOutTopics.UserChange));
    }

    [Fact]
    public async Task A_gap_overflow_sweeps_at_once_and_signs_out_whom_it_deactivated()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartSweepingSubscriberAsync(time);
        using var salesforce = Salesforce();

        // No time passes: only the overflow can start this sweep.
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + harness.Bob.UserId.Value + "?sfsso_gap=overflow", new JsonObject { ["IsActive"] = false })).Dispose();

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
    }

    [Fact]
    public async Task A_sweep_that_finds_nothing_signs_no_one_out_and_keeps_its_mark()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartSweepingSubscriberAsync(time);

        time.Advance(TimeSpan.FromMinutes(1));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(harness.SignOuts.All);
        Assert.NotNull(await harness.Replays.GetAsync(harness.Alice.OrgId, UserSweep.MarkName, CancellationToken.None));
    }
}

/// <summary>A subscriber that was down longer than Salesforce keeps events: what it missed is swept, and health says
/// when logouts may have been missed (no sweep can find those).</summary>
public sealed class PastRetentionTests
{
    [Fact]
    public async Task A_deactivation_while_the_subscriber_was_down_past_retention_is_swept_and_health_names_the_logout_stretch()
    {
        var standInTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await PubSubHarness.StartAsync([new("LocalStack:PubSubRetentionHours", "1")], standInTime);
        var first = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        // Both topics store a position: a logout and a change that signs no one out.
        // The bus numbers events across topics: the next two replay IDs are known before they are published.
        var next = Math.Max(harness.Bus.Latest(SignOutTopics.Logout), harness.Bus.Latest(SignOutTopics.UserChange)) + 1;
        var logoutStored = harness.Store.WhenStoredAsync(SignOutTopics.Logout, BusEvent.Encode(next));
        var changeStored = harness.Store.WhenStoredAsync(SignOutTopics.UserChange, BusEvent.Encode(next + 1));
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        harness.Bus.PublishActiveChange(harness.Alice, true, harness.Alice.UserId, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        await Task.WhenAll(logoutStored, changeStored);
        await first.StopAsync();

        using var salesforce = new HttpClient { BaseAddress = harness.Settings.SalesforceUrl };
        salesforce.DefaultRequestHeaders.Authorization = new("Bearer", harness.Alice.SessionId);
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + harness.Bob.UserId.Value, new JsonObject { ["IsActive"] = false })).Dispose();
        standInTime.Advance(TimeSpan.FromHours(2));

        var second = await harness.StartSubscriberAsync();

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        // The logout stream, refused its position, subscribes again from the latest event: by then health says so.
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout, 2).WaitAsync(TimeSpan.FromSeconds(30));
        var health = second.Services.GetRequiredService<SingleSignOutHealth>();
        Assert.Contains($"org {harness.Alice.OrgId.Value}: logouts from before this process started to", health.Status().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_lost_before_any_position_was_stored_sweeps_and_names_the_stretch_it_skipped()
    {
        // The stand-in's clock stands still: no keepalive comes, so neither topic has a position when the stream is lost.
        var sweeps = 0;
        var firstSweep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var standInTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await PubSubHarness.StartAsync(standInTime: standInTime, observe: request =>
        {
            if (request.Query["q"].ToString().StartsWith("SELECT Id, SystemModstamp FROM User", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref sweeps);
                firstSweep.TrySetResult();
            }
        });
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var subscriber = await harness.StartSubscriberAsync(logged: lines.Enqueue);
        await harness.WaitUntilSubscribedAsync();
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout).WaitAsync(TimeSpan.FromSeconds(30));
        await firstSweep.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the one a lease's holder makes when it takes the lease
        var sweepsBefore = Volatile.Read(ref sweeps);

        harness.Bus.BeginOutage();
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        // Attempts refused while it lasts (both topics, twice or more) count the stretch once, from the last contact.
        for (var waited = 0; harness.PubSub.RefusedInOutage < 4; waited++)
        {
            Assert.True(waited < 300, "the subscriber did not try again within 30 s");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }

        harness.Bus.EndOutage(TimeSpan.Zero);
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout, 2).WaitAsync(TimeSpan.FromSeconds(30));
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.UserChange, 2).WaitAsync(TimeSpan.FromSeconds(30));
        // The stream answers again with the next logout: Alice's, published while it was lost, is not among them.
        harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        Assert.DoesNotContain(PubSubHarness.UsernameOf(harness.Alice), harness.SignOuts.All);

        var health = subscriber.Services.GetRequiredService<SingleSignOutHealth>().Status().Detail;
        Assert.Matches($"org {harness.Alice.OrgId.Value}: logouts from 20[0-9-]+T[0-9:.]+", health);
        Assert.Single(lines, line => line.Contains("the stream was lost before a replay position was stored", StringComparison.Ordinal) && line.Contains("LogoutEventStream", StringComparison.Ordinal));
        Assert.True(Volatile.Read(ref sweeps) > sweepsBefore, "the lost stretch was not swept");
    }
}

/// <summary>A run-as user without the sweep's opt-in (Manage Users) may not read UserLogin: deactivations are still
/// swept, frozen users are not, and the log says why once.</summary>
public sealed class SweepWithoutUserLoginTests
{
    [Fact]
    public async Task Without_UserLogin_the_sweep_signs_out_the_deactivated_not_the_frozen_and_says_why_once()
    {
        await using var harness = await PubSubHarness.StartAsync([new("LocalStack:EventsAppReadsUserLogin", "false")]);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sweptNothing = 0;
        await harness.StartSubscriberAsync(settings: new() { ["SignOut:SweepMinutes"] = "1" }, time: time, logged: line =>
        {
            lines.Enqueue(line);
            if (line.Contains("no user deactivated or frozen since the last sweep", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref sweptNothing);
            }
        });
        await harness.WaitUntilSubscribedAsync();
        await UntilAsync(time, () => Volatile.Read(ref sweptNothing) == 1); // the first sweep, when the lease was taken

        using var salesforce = new HttpClient { BaseAddress = harness.Settings.SalesforceUrl };
        salesforce.DefaultRequestHeaders.Authorization = new("Bearer", harness.Alice.SessionId);
        (await salesforce.PostAsJsonAsync(SalesforceStandIn.SuppressPath, new JsonObject { ["topic"] = SignOutTopics.UserChange, ["count"] = 1 })).Dispose();
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + harness.Bob.UserId.Value, new JsonObject { ["IsActive"] = false })).Dispose();
        var login = await salesforce.GetFromJsonAsync<JsonObject>($"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString($"SELECT Id FROM UserLogin WHERE UserId = '{harness.Alice.UserId.Value}'")}");
        using var freeze = await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserLoginRecordPath + login!["records"]![0]!["Id"]!.GetValue<string>(), new JsonObject { ["IsFrozen"] = true });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, freeze.StatusCode);

        await UntilAsync(time, () => !harness.SignOuts.All.IsEmpty);
        await UntilAsync(time, () => Volatile.Read(ref sweptNothing) == 2); // a sweep after it: nothing more found

        Assert.Equal([PubSubHarness.UsernameOf(harness.Bob)], harness.SignOuts.All);
        Assert.Single(lines, line => line.Contains("may not read UserLogin (HTTP 400): frozen users are not swept, deactivated ones are", StringComparison.Ordinal));
    }

    /// <summary>Moves the sweep's clock a minute at a time, letting the sweep run between steps, until it is done.</summary>
    private static async Task UntilAsync(FakeTimeProvider time, Func<bool> done)
    {
        for (var steps = 0; !done(); steps++)
        {
            Assert.True(steps < 300, "not done after 300 minutes of the sweep's clock");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            if (!done())
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }
        }
    }
}

/// <summary>What a sweep costs (the figures docs/benchmarks.md reports; counts are asserted, time only printed).</summary>
public sealed class SweepCostTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_of_a_thousand_newly_inactive_users_makes_two_queries_and_signs_each_out_once_and_an_empty_one_no_sign_out()
    {
        const int Inactive = 1000;
        var queries = 0;
        var users = Enumerable.Range(0, Inactive).SelectMany(index => new KeyValuePair<string, string?>[]
        {
            new($"LocalStack:Users:{index}:SessionId", $"00D5j00000SfSso!cost.user.{index}"),
            new($"LocalStack:Users:{index}:UserId", $"0055j0001{index:D6}"),
            new($"LocalStack:Users:{index}:Email", $"cost{index}@example.com"),
        });
        await using var harness = await PubSubHarness.StartAsync(users, observe: request =>
        {
            if (request.Path.StartsWithSegments(SalesforceStandIn.QueryPath) && (request.Query["q"].ToString().Contains("SystemModstamp", StringComparison.Ordinal)
                || request.Query["q"].ToString().Contains("LastModifiedDate", StringComparison.Ordinal) || request.Path.Value!.Length > SalesforceStandIn.QueryPath.Length))
            {
                Interlocked.Increment(ref queries);
            }
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var firstSweep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.StartSubscriberAsync(settings: new() { ["SignOut:SweepMinutes"] = "1" }, time: time, logged: line =>
        {
            if (line.Contains("no user deactivated or frozen since the last sweep", StringComparison.Ordinal))
            {
                firstSweep.TrySetResult();
            }
        });
        await harness.WaitUntilSubscribedAsync();
        await firstSweep.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, queries); // a sweep that finds nothing: one query each for deactivated and frozen users
        Assert.Empty(harness.SignOuts.All);

        using var salesforce = new HttpClient { BaseAddress = harness.Settings.SalesforceUrl };
        salesforce.DefaultRequestHeaders.Authorization = new("Bearer", harness.Alice.SessionId);
        (await salesforce.PostAsJsonAsync(SalesforceStandIn.SuppressPath, new JsonObject { ["topic"] = SignOutTopics.UserChange, ["count"] = Inactive })).Dispose();
        for (var index = 0; index < Inactive; index++)
        {
            (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + $"0055j0001{index:D6}", new JsonObject { ["IsActive"] = false })).Dispose();
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        time.Advance(TimeSpan.FromMinutes(1));
        for (var index = 0; index < Inactive; index++)
        {
            await harness.SignOuts.NextAsync();
        }

        output.WriteLine($"sweep of {Inactive} newly inactive users: {queries - 2} queries, {harness.SignOuts.All.Count} directory sign-outs, {started.ElapsedMilliseconds} ms (directory unpaced)");
        Assert.Equal(4, queries); // 1,000 records fit one page of 2,000: one query each again
        Assert.Equal(Inactive, harness.SignOuts.All.Count);
        Assert.Equal(Inactive, harness.SignOuts.All.Distinct().Count());
    }
}
