using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Adapters.SalesforceEvents.PubSub;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>The Pub/Sub stand-in's flow control as Salesforce's: a stream with nothing requested gets no keepalive and
/// is closed after about 70 s, so a subscriber that stops asking for more shows here as it would against Salesforce.</summary>
public sealed class PubSubFlowControlTests
{
    [Fact]
    public async Task A_stream_with_nothing_requested_gets_no_keepalive_and_is_closed_after_70_seconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using var standIn = await SalesforceEventsStandIn.StartAsync(time: time);
        using var channel = GrpcChannel.ForAddress(standIn.Settings.PubSubUrl);
        var headers = new Metadata
        {
            { "accesstoken", standIn.ConnectedApp.Issue(standIn.ConnectedApp.ClientId, standIn.ConnectedApp.ClientSecret)! },
            { "instanceurl", standIn.Settings.SalesforceUrl.GetLeftPart(UriPartial.Authority) },
            { "tenantid", standIn.Settings.Orgs[0].Value },
        };
        using var stream = new PubSub.PubSub.PubSubClient(channel).Subscribe(headers);
        await stream.RequestStream.WriteAsync(new FetchRequest { TopicName = SignOutTopics.Logout, ReplayPreset = ReplayPreset.Latest, NumRequested = 0 });
        await standIn.PubSub.WhenSubscribedAsync(SignOutTopics.Logout).WaitAsync(TimeSpan.FromSeconds(30));
        var next = stream.ResponseStream.MoveNext();

        time.Advance(TimeSpan.FromSeconds(69)); // 13 keepalive intervals: none sent, the stream still open
        Assert.False(next.IsCompleted);
        for (var second = 69; second < 80 && !next.IsCompleted; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False(await next.WaitAsync(TimeSpan.FromSeconds(30)), "the stream ended with no message");
    }
}
