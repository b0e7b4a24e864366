using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Adapters.SalesforceEvents.PubSub;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>The Pub/Sub stand-in's flow control as Salesforce's: a stream with nothing requested gets no keepalive and
/// is closed after about 70 s, so a subscriber that stops asking for more shows here as it would against Salesforce.</summary>
public sealed class PubSubFlowControlTests
{
    [Fact]
    public async Task A_stream_with_nothing_requested_gets_no_keepalive_and_is_closed_after_70_seconds()
    {
        var start = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var standIn = await SalesforceEventsStandIn.StartAsync(time: time);
        using var channel = GrpcChannel.ForAddress(standIn.Settings.PubSubUrl);
        var headers = new Metadata
        {
            { "accesstoken", standIn.EventsApp.Issue(standIn.EventsApp.ClientId, standIn.EventsApp.ClientSecret)! },
            { "instanceurl", standIn.Settings.SalesforceUrl.GetLeftPart(UriPartial.Authority) },
            { "tenantid", standIn.Settings.Orgs[0].Value },
        };
        using var stream = new PubSub.PubSub.PubSubClient(channel).Subscribe(headers);
        await stream.RequestStream.WriteAsync(new FetchRequest { TopicName = SignOutTopics.Logout, ReplayPreset = ReplayPreset.Latest, NumRequested = 0 });
        await standIn.PubSub.WhenSubscribedAsync(SignOutTopics.Logout).WaitAsync(TimeSpan.FromSeconds(30));
        var next = stream.ResponseStream.MoveNext();

        time.Advance(TimeSpan.FromSeconds(69)); // 13 keepalive intervals: none sent, the stream still open
        Assert.False(next.IsCompleted);
        // The stand-in's loop runs on its own threads: each second of the clock is moved only once it has had the
        // chance to wait on it (the close is due at 70 s from the subscription, whenever the loop got there).
        for (var second = 69; second < 200 && !next.IsCompleted; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
        }

        Assert.False(await next.WaitAsync(TimeSpan.FromSeconds(30)), "the stream ended with no message");
        Assert.True(time.GetUtcNow() - start >= PubSubStandIn.NothingRequestedLimit);
    }
}
