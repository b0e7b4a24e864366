using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>What Salesforce does that a sweep relies on, as the stand-in does it: events kept for a retention window
/// only, events that are never published, the two queries a sweep makes (paged as Salesforce pages them), and freezing
/// that changes no User record.</summary>
public sealed class StandInSweepSurfaceTests
{
    private const string Inactive = "SELECT Id, SystemModstamp FROM User WHERE IsActive = false AND SystemModstamp > {0} ORDER BY SystemModstamp";
    private const string Frozen = "SELECT UserId, LastModifiedDate FROM UserLogin WHERE IsFrozen = true AND LastModifiedDate > {0} ORDER BY LastModifiedDate";

    private static HttpClient Client(SalesforceEventsStandIn standIn)
    {
        var client = new HttpClient { BaseAddress = standIn.Settings.SalesforceUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", standIn.Settings.Users[0].SessionId);
        return client;
    }

    private static string Soql(string query, DateTimeOffset since) =>
        $"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)))}";

    [Fact]
    public async Task An_event_older_than_the_retention_window_is_one_the_bus_no_longer_knows()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var standIn = await SalesforceEventsStandIn.StartAsync([new("LocalStack:PubSubRetentionHours", "0.5")], time: time);
        using var salesforce = Client(standIn);
        using var update = await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + standIn.Settings.Users[1].UserId.Value, new JsonObject { ["IsActive"] = false });
        var published = standIn.Bus.Latest(SignOutTopics.UserChange);

        time.Advance(TimeSpan.FromMinutes(29));
        Assert.True(standIn.Bus.Knows(SignOutTopics.UserChange, published));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(standIn.Bus.Knows(SignOutTopics.UserChange, published));
        Assert.Empty(standIn.Bus.After(SignOutTopics.UserChange, 0, 10));
    }

    [Fact]
    public async Task An_outage_ends_open_streams_refuses_new_ones_and_its_length_ages_the_events()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var standIn = await SalesforceEventsStandIn.StartAsync([new("LocalStack:PubSubRetentionHours", "72")], time: time);
        using var salesforce = Client(standIn);
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + standIn.Settings.Users[1].UserId.Value, new JsonObject { ["IsActive"] = false })).Dispose();
        var before = standIn.Bus.Latest(SignOutTopics.UserChange);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(standIn.Settings.PubSubUrl);
        var headers = new Grpc.Core.Metadata
        {
            { "accesstoken", standIn.EventsApp.Issue(standIn.EventsApp.ClientId, standIn.EventsApp.ClientSecret)! },
            { "instanceurl", standIn.Settings.SalesforceUrl.GetLeftPart(UriPartial.Authority) },
            { "tenantid", standIn.Settings.Orgs[0].Value },
        };
        var client = new PubSub.PubSub.PubSubClient(channel);
        using var open = client.Subscribe(headers);
        await open.RequestStream.WriteAsync(new PubSub.FetchRequest { TopicName = SignOutTopics.UserChange, ReplayPreset = PubSub.ReplayPreset.Latest, NumRequested = 1 });
        await standIn.PubSub.WhenSubscribedAsync(SignOutTopics.UserChange).WaitAsync(TimeSpan.FromSeconds(30));

        using var down = await salesforce.PostAsJsonAsync(SalesforceStandIn.OutagePath, new JsonObject { ["down"] = true });
        Assert.Equal(HttpStatusCode.NoContent, down.StatusCode);
        var ended = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => open.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, ended.StatusCode);
        using (var refused = client.Subscribe(headers))
        {
            // Refused before the request is read: the client's write may meet a call already over (and fail as
            // cancelled); the call's own status is what the read then says.
            try
            {
                await refused.RequestStream.WriteAsync(new PubSub.FetchRequest { TopicName = SignOutTopics.UserChange, ReplayPreset = PubSub.ReplayPreset.Latest, NumRequested = 1 });
            }
            catch (Exception exception) when (exception is Grpc.Core.RpcException or InvalidOperationException)
            {
            }

            var refusal = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(Grpc.Core.StatusCode.Unavailable, refusal.StatusCode);
        }

        // Events are still published while subscribers are away.
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + standIn.Settings.Users[1].UserId.Value, new JsonObject { ["IsActive"] = true })).Dispose();
        Assert.True(standIn.Bus.Latest(SignOutTopics.UserChange) > before);
        using var malformed = await salesforce.PostAsJsonAsync(SalesforceStandIn.OutagePath, new JsonObject { ["down"] = false, ["lastedHours"] = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True(standIn.Bus.Down);

        using var back = await salesforce.PostAsJsonAsync(SalesforceStandIn.OutagePath, new JsonObject { ["down"] = false, ["lastedHours"] = 73 });
        Assert.Equal(HttpStatusCode.NoContent, back.StatusCode);
        Assert.False(standIn.Bus.Down);
        Assert.False(standIn.Bus.Knows(SignOutTopics.UserChange, before)); // 73 hours later: past the 72 hours' retention
        var after = standIn.Bus.PublishActiveChange(standIn.Settings.Users[1], false, standIn.Settings.Users[1].UserId, time.GetUtcNow());
        Assert.True(standIn.Bus.Knows(SignOutTopics.UserChange, after.ReplayId)); // what is published after it is kept
        using var resumed = client.Subscribe(headers);
        await resumed.RequestStream.WriteAsync(new PubSub.FetchRequest { TopicName = SignOutTopics.UserChange, ReplayPreset = PubSub.ReplayPreset.Custom, ReplayId = Google.Protobuf.ByteString.CopyFrom(BusEvent.Encode(before)), NumRequested = 1 });
        var corrupted = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => resumed.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(PubSubStandIn.ReplayIdCorrupted, corrupted.Trailers.GetValue("error-code"));
    }

    [Fact]
    public async Task A_suppressed_event_is_never_published_and_the_next_one_is()
    {
        await using var standIn = await SalesforceEventsStandIn.StartAsync();
        using var salesforce = Client(standIn);
        using var suppress = await salesforce.PostAsJsonAsync(SalesforceStandIn.SuppressPath, new JsonObject { ["topic"] = SignOutTopics.UserChange, ["count"] = 1 });
        Assert.Equal(HttpStatusCode.NoContent, suppress.StatusCode);

        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + standIn.Settings.Users[1].UserId.Value, new JsonObject { ["IsActive"] = false })).Dispose();
        Assert.Equal(0, standIn.Bus.Latest(SignOutTopics.UserChange));
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + standIn.Settings.Users[1].UserId.Value, new JsonObject { ["IsActive"] = true })).Dispose();
        Assert.Single(standIn.Bus.After(SignOutTopics.UserChange, 0, 10));

        using var unknown = await salesforce.PostAsJsonAsync(SalesforceStandIn.SuppressPath, new JsonObject { ["topic"] = "/data/AccountChangeEvent", ["count"] = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task The_sweeps_query_pages_as_salesforce_does_and_names_only_users_changed_since_its_mark()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var extra = Enumerable.Range(0, 210).SelectMany(index => new KeyValuePair<string, string?>[]
        {
            new($"LocalStack:Users:{index}:SessionId", $"00D5j00000SfSso!sweep.user.{index}"),
            new($"LocalStack:Users:{index}:UserId", $"0055j0000{index:D6}"),
            new($"LocalStack:Users:{index}:Email", $"sweep{index}@example.com"),
        });
        await using var standIn = await SalesforceEventsStandIn.StartAsync(extra, time: time);
        using var salesforce = Client(standIn);
        var before = time.GetUtcNow();
        for (var index = 0; index < 205; index++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + $"0055j0000{index:D6}", new JsonObject { ["IsActive"] = false })).Dispose();
        }

        using var first = new HttpRequestMessage(HttpMethod.Get, Soql(Inactive, before));
        first.Headers.Add("Sforce-Query-Options", "batchSize=200");
        var page = await (await salesforce.SendAsync(first)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(205, page!["totalSize"]!.GetValue<int>());
        Assert.False(page["done"]!.GetValue<bool>());
        Assert.Equal(200, page["records"]!.AsArray().Count);
        var rest = await salesforce.GetFromJsonAsync<JsonObject>(page["nextRecordsUrl"]!.GetValue<string>());
        Assert.True(rest!["done"]!.GetValue<bool>());
        var ids = page["records"]!.AsArray().Concat(rest["records"]!.AsArray()).Select(record => record!["Id"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, 205).Select(index => $"0055j0000{index:D6}"), ids.Select(id => id[..15]));

        // Since the 100th change: only the later ones, oldest first, each with its SystemModstamp.
        var later = await salesforce.GetFromJsonAsync<JsonObject>(Soql(Inactive, before.AddSeconds(100)));
        Assert.Equal(105, later!["totalSize"]!.GetValue<int>());
        Assert.Equal(before.AddSeconds(101).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", System.Globalization.CultureInfo.InvariantCulture),
            later["records"]![0]!["SystemModstamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task Freezing_changes_the_login_record_only_and_the_sweeps_query_finds_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        await using var standIn = await SalesforceEventsStandIn.StartAsync(time: time);
        using var salesforce = Client(standIn);
        var bob = standIn.Settings.Users[1].UserId.Value;
        var login = await salesforce.GetFromJsonAsync<JsonObject>($"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString($"SELECT Id FROM UserLogin WHERE UserId = '{bob}'")}");
        time.Advance(TimeSpan.FromMinutes(1));
        (await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserLoginRecordPath + login!["records"]![0]!["Id"]!.GetValue<string>(), new JsonObject { ["IsFrozen"] = true })).Dispose();

        Assert.Equal(0, standIn.Bus.Latest(SignOutTopics.UserChange));
        var frozen = await salesforce.GetFromJsonAsync<JsonObject>(Soql(Frozen, time.GetUtcNow().AddMinutes(-5)));
        Assert.Equal(bob, Assert.Single(frozen!["records"]!.AsArray())!["UserId"]!.GetValue<string>());
        Assert.Equal(0, (await salesforce.GetFromJsonAsync<JsonObject>(Soql(Inactive, time.GetUtcNow().AddMinutes(-5))))!["totalSize"]!.GetValue<int>());
    }
}
