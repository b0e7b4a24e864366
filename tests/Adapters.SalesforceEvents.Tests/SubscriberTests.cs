using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// The subscriber against the Salesforce stand-in's Pub/Sub API: Salesforce's own ways to end a session reach the
/// directory; a malformed or fuzzed payload is skipped and counted without stopping it; a dropped stream, a refused
/// token and a restart resume from the stored replay position without missing or repeating a sign-out.
/// </summary>
public sealed class SubscriberTests : IAsyncLifetime
{
    private PubSubHarness harness = null!;

    public async Task InitializeAsync() => harness = await PubSubHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();


    [Fact]
    public async Task A_ui_logout_signs_that_user_out()
    {
        await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        // The org's two subscriptions started together on one token request.
        Assert.Equal(1, harness.EventsApp.Issued);

        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
    }

    [Fact]
    public async Task A_deactivation_signs_the_user_out_and_a_reactivation_does_not()
    {
        await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();

        harness.Bus.PublishActiveChange(harness.Alice, isActive: true, harness.Bob.UserId, DateTimeOffset.UtcNow);
        harness.Bus.PublishActiveChange(harness.Alice, isActive: false, harness.Bob.UserId, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.Single(harness.SignOuts.All);
    }

    [Fact]
    public async Task A_malformed_payload_is_skipped_counted_and_logged_without_it_and_the_next_event_is_read()
    {
        var host = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        using var watch = new SignOutWatch(host.Services);

        harness.Bus.PublishRaw(SignOutTopics.Logout, [0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x41]);
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.Equal("malformed", watch.Outcomes.First());
        var skipped = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.Contains("skipped an event", StringComparison.Ordinal));
        Assert.DoesNotContain("AQ", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fuzzed_payloads_never_stop_the_subscriber()
    {
        await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();

        Gen.Byte.Array[0, 300].Sample(payload => { harness.Bus.PublishRaw(SignOutTopics.Logout, payload); }, iter: 60);
        Gen.Byte.Array[0, 300].Sample(payload => { harness.Bus.PublishRaw(SignOutTopics.UserChange, payload); }, iter: 60);
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        // Random bytes can decode as a valid logout of a nonsense user ID, which is refused as not a user: only Alice counts.
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
    }

    [Fact]
    public async Task A_stream_dropped_mid_batch_resumes_after_the_last_event_it_handled()
    {
        await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        harness.PubSub.DropAfter = 2;

        var users = Enumerable.Range(0, 5).Select(index => harness.Alice with { UserId = Core.Sessions.SalesforceId.Parse($"0055j00000{index:D2}Zoe") }).ToList();
        var signedOut = await harness.LogOutAllAsync(users);

        Assert.Equal(users.Select(PubSubHarness.UsernameOf), signedOut);
        Assert.Equal(users.Count, harness.SignOuts.All.Count);
    }

    [Fact]
    public async Task A_refused_token_is_replaced_and_the_subscription_goes_on()
    {
        await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        // A first event stores the replay position the subscription resumes from.
        harness.Bus.PublishLogout(harness.Bob, DateTimeOffset.UtcNow);
        Assert.Equal(PubSubHarness.UsernameOf(harness.Bob), await harness.SignOuts.NextAsync());
        var before = harness.EventsApp.Issued;

        // Revoked, the token ends the open streams too (UNAUTHENTICATED), as the org's revocation does.
        harness.EventsApp.RevokeAll();
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.True(harness.EventsApp.Issued > before, "a new token was asked for after UNAUTHENTICATED");
    }

    [Fact]
    public async Task Wrong_client_credentials_keep_retrying_without_signing_anyone_out_or_logging_the_secret()
    {
        const string wrong = "not-the-connected-apps-secret-0123456789";
        var host = await harness.StartSubscriberAsync(clientSecret: wrong);

        var refused = harness.EventsApp.NextRefusal;
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        await refused.WaitAsync(TimeSpan.FromSeconds(30));
        // Refused again after its backoff: it keeps trying, and signs no one out meanwhile.
        await harness.EventsApp.NextRefusal.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(harness.SignOuts.All);
        SecretAssert.NoneIn(LogText.Of(host.Services.GetFakeLogCollector()), wrong, harness.Settings.EventsClientSecret);
    }

    [Fact]
    public async Task A_restarted_subscriber_resumes_after_the_last_event_without_missing_or_repeating_one()
    {
        var first = await harness.StartSubscriberAsync();
        await harness.WaitUntilSubscribedAsync();
        var logout = harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        var deactivation = harness.Bus.PublishActiveChange(harness.Alice, isActive: false, harness.Bob.UserId, DateTimeOffset.UtcNow);
        await Task.WhenAll(
            harness.Store.WhenStoredAsync(SignOutTopics.Logout, BusEvent.Encode(logout.ReplayId)),
            harness.Store.WhenStoredAsync(SignOutTopics.UserChange, BusEvent.Encode(deactivation.ReplayId)));
        await first.StopAsync();

        // While no subscriber runs: a deactivation and a logout.
        harness.Bus.PublishActiveChange(harness.Bob, isActive: false, harness.Alice.UserId, DateTimeOffset.UtcNow);
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);
        await harness.StartSubscriberAsync();

        // The two topics are read side by side: their events arrive in either order.
        string[] signedOut = [await harness.SignOuts.NextAsync(), await harness.SignOuts.NextAsync(), await harness.SignOuts.NextAsync(), await harness.SignOuts.NextAsync()];
        Assert.Equal([PubSubHarness.UsernameOf(harness.Alice), PubSubHarness.UsernameOf(harness.Alice)], signedOut[..2]);
        Assert.Equal(new[] { PubSubHarness.UsernameOf(harness.Alice), PubSubHarness.UsernameOf(harness.Bob) }.Order(StringComparer.Ordinal), signedOut[2..].Order(StringComparer.Ordinal));
        Assert.Equal(4, harness.SignOuts.All.Count);
    }
}
