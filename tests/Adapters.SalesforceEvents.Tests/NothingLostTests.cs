using Grpc.Core;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// Single sign-out loses no event: a replay store that fails (Redis down) leaves events flowing on the position kept
/// in process; the stored position is dropped only on Salesforce's replay-ID error code, kept on any other
/// INVALID_ARGUMENT and after an auth error code (a new token); a tampered position is not used; a sign-out that keeps
/// failing is parked — logged, counted, kept — and the next event is read.
/// </summary>
public sealed class NothingLostTests : IAsyncLifetime
{
    private PubSubHarness harness = null!;

    public async Task InitializeAsync() => harness = await PubSubHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();



    /// <summary>A subscriber that handled one logout and stored its position, then stopped; one more logout (Bob's)
    /// published while none runs.</summary>
    private async Task LogoutMissedWhileStoppedAsync()
    {
        var first = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        var handled = harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        await harness.Store.WhenStoredAsync(SignOutTopics.Logout, BusEvent.Encode(handled.ReplayId));
        await first.StopAsync();
        harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task With_redis_unreachable_every_logout_still_signs_its_user_out()
    {
        // A Redis that is configured but not there: nothing listens on the port.
        using var unreachable = new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions
        {
            Configuration = $"127.0.0.1:{Loopback.FreePort()},abortConnect=false,connectTimeout=500,syncTimeout=500,asyncTimeout=500",
            InstanceName = "sfcognitosso:",
        }));
        var host = await harness.StartSubscriberAsync(store: unreachable);
        await harness.WaitUntilSubscribedAsync();

        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());

        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.Contains("replay store failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_argument_without_the_replay_code_keeps_the_stored_position()
    {
        await LogoutMissedWhileStoppedAsync();
        harness.PubSub.FailNextSubscribe(SignOutTopics.Logout, StatusCode.InvalidArgument, errorCode: null);

        await harness.StartSubscriberAsync();

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
    }

    [Fact]
    public async Task An_auth_error_code_gets_a_new_token_and_resumes_from_the_stored_position()
    {
        await LogoutMissedWhileStoppedAsync();
        var issued = harness.EventsApp.Issued;
        harness.PubSub.FailNextSubscribe(SignOutTopics.Logout, StatusCode.PermissionDenied, PubSubStandIn.AuthError);

        await harness.StartSubscriberAsync();

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        Assert.True(harness.EventsApp.Issued >= issued + 2, "the refused token was replaced");
    }

    [Fact]
    public async Task The_replay_code_drops_the_stored_position_and_starts_from_the_latest_event()
    {
        await LogoutMissedWhileStoppedAsync();
        harness.PubSub.FailNextSubscribe(SignOutTopics.Logout, StatusCode.InvalidArgument, PubSubStandIn.ReplayIdCorrupted);

        var host = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync(times: 2); // a refused Subscribe is not counted
        var zoe = harness.Alice with { UserId = SalesforceId.Parse("0055j00000Zoe01") };
        harness.Bus.PublishLogout(zoe, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(zoe), await harness.SignOuts.NextAsync());
        Assert.DoesNotContain(PubSubHarness.UsernameOf(harness.Bob), harness.SignOuts.All);
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.Contains("unknown to Salesforce", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stored_position_someone_else_wrote_is_not_used()
    {
        var unread = harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow); // before any subscriber: never read
        var first = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        await first.StopAsync();
        // Someone with access to Redis moves the position back, unsigned: used, Alice's logout would be replayed.
        await harness.Store.SetAsync(
            ReplayPositions.StoreKey(SignOutDeployment.Default.Name, harness.Alice.OrgId, SignOutTopics.Logout),
            System.Text.Encoding.ASCII.GetBytes(System.Buffers.Text.Base64Url.EncodeToString(BusEvent.Encode(unread.ReplayId)) + "." + System.Buffers.Text.Base64Url.EncodeToString(new byte[64])),
            new DistributedCacheEntryOptions());

        var restarted = await harness.StartSubscriberAsync(store: harness.Store);
        await harness.WaitUntilSubscribedAsync(times: 2);
        var zoe = harness.Alice with { UserId = SalesforceId.Parse("0055j00000Zoe01") };
        harness.Bus.PublishLogout(zoe, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(zoe), await harness.SignOuts.NextAsync());
        Assert.Single(harness.SignOuts.All, username => username == PubSubHarness.UsernameOf(harness.Alice));
        Assert.Contains(restarted.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.Contains("failed its integrity check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sign_out_that_keeps_failing_is_parked_and_the_next_event_is_read()
    {
        var host = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        harness.SignOuts.Refused[PubSubHarness.UsernameOf(harness.Alice)] = 0;
        using var watch = new SignOutWatch(host.Services);

        var poison = harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        var parked = Assert.Single(host.Services.GetRequiredService<ParkedSignOuts>().Latest);
        Assert.Equal((Convert.ToHexString(BusEvent.Encode(poison.ReplayId)), harness.Alice.UserId.Value), (parked.ReplayId, Assert.Single(parked.UserIds)));
        Assert.Equal(TopicSubscription.ParkAfterAttempts, harness.SignOuts.Refused[PubSubHarness.UsernameOf(harness.Alice)]);
        Assert.Contains("parked", watch.Outcomes);
        var logged = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.Contains("parked an event", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, logged.Level);
        Assert.Contains(parked.ReplayId, logged.Message, StringComparison.Ordinal);
        Assert.Equal("1 sign-out(s) parked", host.Services.GetRequiredService<SingleSignOutHealth>().Status().Detail);
    }

    [Fact]
    public async Task A_gap_event_signs_out_the_users_salesforce_says_are_inactive_and_no_one_else()
    {
        var host = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        using var watch = new SignOutWatch(host.Services);
        using var http = new HttpClient();

        // Bob deactivated, published as Salesforce publishes a change it cannot describe: a gap naming him.
        using var deactivate = new HttpRequestMessage(HttpMethod.Patch, $"{harness.Settings.SalesforceUrl.GetLeftPart(UriPartial.Authority)}{SalesforceStandIn.UserRecordPath}{harness.Bob.UserId.Value}?sfsso_gap=1")
        {
            Content = new StringContent("{\"IsActive\":false}", System.Text.Encoding.UTF8, "application/json"),
        };
        deactivate.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", harness.Alice.SessionId);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.SendAsync(deactivate)).StatusCode);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());

        // A gap naming Alice, still active: she stays signed in; the deactivation after it (same topic, so read
        // after it) is the next sign-out.
        harness.Bus.PublishGap([harness.Alice.UserId], "GAP_UPDATE", harness.Alice.UserId, DateTimeOffset.UtcNow);
        harness.Bus.PublishActiveChange(harness.Alice, isActive: false, harness.Bob.UserId, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());

        Assert.Equal([PubSubHarness.UsernameOf(harness.Bob), PubSubHarness.UsernameOf(harness.Alice)], harness.SignOuts.All);
        Assert.Contains("still_active", watch.Outcomes);
    }

    [Fact]
    public async Task A_throttled_sign_out_is_waited_out_and_never_parked()
    {
        var host = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        harness.SignOuts.Throttle[PubSubHarness.UsernameOf(harness.Alice)] = TopicSubscription.ParkAfterAttempts + 1;
        using var watch = new SignOutWatch(host.Services);

        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.Equal(TopicSubscription.ParkAfterAttempts + 1, watch.Outcomes.Count(outcome => outcome == "throttled"));
        Assert.Empty(host.Services.GetRequiredService<ParkedSignOuts>().Latest);
    }
}
