using System.Net.Http.Json;
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
