using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// What an org refuses the events app, and the admin must fix, is named: a JWT-issuing app (Pub/Sub refuses its
/// tokens) and a run-as user Salesforce deactivated or froze each show as the cause in health and in one Error line,
/// are retried with backoff, not hot, and clear once the org is fixed.
/// </summary>
public sealed partial class EventsAppRefusalTests : IAsyncDisposable
{
    private PubSubHarness? harness;

    public async ValueTask DisposeAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_events_app_issuing_jwt_tokens_is_named_as_the_cause_in_health_and_one_error_line()
    {
        harness = await PubSubHarness.StartAsync([new("LocalStack:EventsTokenFormat", "jwt")]);
        var retries = new Lines(line => line.Contains("subscribes again (jwt_access_token)", StringComparison.Ordinal), count: 4);

        var host = await harness.StartSubscriberAsync(logged: retries.Hear);
        var delays = await retries.Seen;

        var status = host.Services.GetRequiredService<SingleSignOutHealth>().Status();
        Assert.True(status.Degraded);
        Assert.Contains("JWT-based access tokens", status.Detail, StringComparison.Ordinal);
        Assert.Contains("opaque", status.Detail, StringComparison.Ordinal);
        var error = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), record => record.Level == LogLevel.Error);
        Assert.Contains("JWT-based access tokens", error.Message, StringComparison.Ordinal);
        // Backoff, not hot: every retry waits at least half a second (the first backoff's lower half).
        Assert.All(delays, line => Assert.True(DelayOf(line) >= 500, line));
        Assert.Equal(0, harness.PubSub.SubscriptionsStarted(SignOutTopics.Logout));
        Assert.Empty(harness.SignOuts.All);
    }

    [Fact]
    public async Task The_stand_ins_pub_sub_refuses_a_jwt_token_with_salesforces_words()
    {
        harness = await PubSubHarness.StartAsync([new("LocalStack:EventsTokenFormat", "jwt")]);
        var token = harness.EventsApp.Issue(harness.EventsApp.ClientId, harness.EventsApp.ClientSecret)!;
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(harness.Settings.PubSubUrl);
        var client = new PubSub.PubSub.PubSubClient(channel);

        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await client.GetSchemaAsync(
            new PubSub.SchemaRequest { SchemaId = "any" },
            new Grpc.Core.Metadata
            {
                { "accesstoken", token },
                { "instanceurl", harness.Settings.SalesforceUrl.GetLeftPart(UriPartial.Authority) },
                { "tenantid", harness.Alice.OrgId.Value },
            }));

        Assert.Equal(3, token.Split('.').Length);
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(PubSubStandIn.JwtTokenRefused, refused.Status.Detail);
        Assert.Equal(PubSubStandIn.AuthError, refused.Trailers.GetValue("error-code"));
    }

    [Theory]
    [InlineData("deactivated")]
    [InlineData("frozen")]
    public async Task A_run_as_user_salesforce_no_longer_lets_in_is_named_and_retried_until_it_is_let_in_again(string how)
    {
        harness = await PubSubHarness.StartAsync();
        using var salesforce = new HttpClient { BaseAddress = harness.Settings.SalesforceUrl };
        salesforce.DefaultRequestHeaders.Authorization = new("Bearer", harness.Alice.SessionId);
        await SetRunAsUserAsync(salesforce, how, allowed: false);
        var retries = new Lines(line => line.Contains("subscribes again (run_as_user_inactive)", StringComparison.Ordinal), count: 3);

        var host = await harness.StartSubscriberAsync(logged: retries.Hear);
        var delays = await retries.Seen;
        var refusedStatus = host.Services.GetRequiredService<SingleSignOutHealth>().Status();
        var errors = host.Services.GetFakeLogCollector().GetSnapshot().Where(record => record.Level == LogLevel.Error).ToList();

        await SetRunAsUserAsync(salesforce, how, allowed: true);
        await harness.WaitUntilSubscribedAsync();
        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.True(refusedStatus.Degraded);
        Assert.Contains("run-as user is inactive or frozen", refusedStatus.Detail, StringComparison.Ordinal);
        Assert.Contains("inactive or frozen", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.All(delays, line => Assert.True(DelayOf(line) >= 500, line));
        Assert.False(host.Services.GetRequiredService<SingleSignOutHealth>().Status().Degraded);
    }

    [Fact]
    public async Task The_token_endpoint_refuses_an_inactive_run_as_user_in_salesforces_words()
    {
        harness = await PubSubHarness.StartAsync();
        using var salesforce = new HttpClient { BaseAddress = harness.Settings.SalesforceUrl };
        salesforce.DefaultRequestHeaders.Authorization = new("Bearer", harness.Alice.SessionId);
        await SetRunAsUserAsync(salesforce, "deactivated", allowed: false);

        using var answer = await salesforce.PostAsync(SalesforceStandIn.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = harness.EventsApp.ClientId, ["client_secret"] = harness.EventsApp.ClientSecret,
        }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(StandInEventsApp.InactiveUser, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>Deactivates or freezes the run-as user through the REST API, as an admin does, or undoes it.</summary>
    private static async Task SetRunAsUserAsync(HttpClient salesforce, string how, bool allowed)
    {
        if (how == "deactivated")
        {
            using var update = await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserRecordPath + StandInEventsApp.RunAsUserId, new JsonObject { ["IsActive"] = allowed });
            Assert.Equal(System.Net.HttpStatusCode.NoContent, update.StatusCode);
            return;
        }

        var query = await salesforce.GetFromJsonAsync<JsonObject>(
            $"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString($"SELECT Id FROM UserLogin WHERE UserId = '{StandInEventsApp.RunAsUserId}'")}");
        var loginId = query!["records"]![0]!["Id"]!.GetValue<string>();
        using var freeze = await salesforce.PatchAsJsonAsync(SalesforceStandIn.UserLoginRecordPath + loginId, new JsonObject { ["IsFrozen"] = !allowed });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, freeze.StatusCode);
    }

    private static long DelayOf(string line) => long.Parse(DelayPattern().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@" in (\d+) ms")]
    private static partial Regex DelayPattern();

    /// <summary>Completes once <paramref name="count"/> logged lines matched, with them.</summary>
    private sealed class Lines(Func<string, bool> matches, int count)
    {
        private readonly List<string> seen = [];
        private readonly TaskCompletionSource<IReadOnlyList<string>> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The timeout only keeps a broken subscriber from hanging the run.</summary>
        public Task<IReadOnlyList<string>> Seen => done.Task.WaitAsync(TimeSpan.FromSeconds(60));

        public void Hear(string line)
        {
            if (!matches(line))
            {
                return;
            }

            lock (seen)
            {
                seen.Add(line);
                if (seen.Count == count)
                {
                    done.TrySetResult([.. seen]);
                }
            }
        }
    }
}
