using System.Net;
using System.Text.Json.Nodes;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Functions.Tests;

/// <summary>
/// The validator contract against the published Functions app running as its own worker process under the Functions
/// host stand-in: the worker's gRPC start-up, worker indexing, the attribute routes, the ASP.NET Core integration's
/// HTTP proxying and its log path are what run.
/// </summary>
[Collection(FunctionsWorkerHosting.Collection)]
public sealed class FunctionsWorkerTests : ValidatorFacts<FunctionsWorkerHosting>
{
    [Fact]
    public void The_worker_indexes_every_function_with_the_routes_and_methods_of_the_kestrel_host()
    {
        var host = (FunctionsWorkerHost)Start();

        var routes = host.StandIn.Functions.Select(function => $"{string.Join('|', function.Methods)} /{function.Route}").Order().ToArray();

        Assert.Equal(
            ["GET /healthz", "GET /openapi/v1.json", "OPTIONS /oauth2/token", "OPTIONS /v1/sessions/validate", "POST /oauth2/token", "POST /v1/sessions/validate"],
            routes);
    }

    [Fact]
    public async Task The_worker_process_runs_single_sign_out_with_the_orgs_connected_app()
    {
        await using var salesforce = await SalesforceEventsStandIn.StartAsync();

        // One worker process, and no Redis for a lease: it is the deployment's only instance.
        var settings = salesforce.SubscriberSettings();
        settings["SignOut:SingleInstance"] = "true";
        var host = (FunctionsWorkerHost)Start(settings);

        // Both subscriptions reach Salesforce's Pub/Sub API from inside the worker, with the events app's token.
        await Task.WhenAll(Adapters.SalesforceEvents.SignOutTopics.All.Select(topic => salesforce.PubSub.WhenSubscribedAsync(topic)))
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(salesforce.EventsApp.Issued > 0);
        SecretAssert.NoneIn(string.Join('\n', host.Logs), salesforce.Settings.EventsClientSecret);
    }

    [Fact]
    public void The_worker_logs_through_rpc_log_messages()
    {
        var host = (FunctionsWorkerHost)Start();

        Assert.True(host.StandIn.Log.RpcLogCount > 0, "no RpcLog message reached the host");
        Assert.Contains(host.Logs, line => line.StartsWith("[rpc ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_path_no_function_declares_is_a_404_from_the_host()
    {
        var host = Start();

        var unknown = await host.SendAsync(new ValidatorRequest("GET", "/api/v1/sessions/validate"));
        var wrongMethod = await host.SendAsync(new ValidatorRequest("GET", "/v1/sessions/validate"));

        Assert.Equal([404, 404], [unknown.Status, wrongMethod.Status]);
    }

    [Fact]
    public async Task A_clients_own_forwarded_for_never_picks_its_bucket_behind_the_functions_host()
    {
        // The host's proxy sets X-Forwarded-For from its own connection, so rotating the header buys nothing.
        var host = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1" });
        ValidatorRequest From(string address, string forwardedFor) => ValidatorRequest.Validate(
            new JsonObject { ["sessionId"] = Samples.UntrustedOrgSession }.ToJsonString(), from: IPAddress.Parse(address),
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor });

        var first = await host.SendAsync(From("127.0.113.21", "198.51.100.1"));
        var rotated = await host.SendAsync(From("127.0.113.21", "198.51.100.2"));
        var otherClient = await host.SendAsync(From("127.0.113.22", "198.51.100.1"));

        Assert.Equal(403, first.Status);
        AssertProblem(rotated, 429, "rate_limited");
        Assert.Equal(403, otherClient.Status);
    }

    [Fact]
    public async Task Stopping_the_host_ends_the_worker_cleanly()
    {
        var host = FunctionsWorkerHost.Start(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "InMemory",
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = Salesforce.Url,
        });
        var exited = host.StandIn.WorkerExited;

        host.Dispose();

        Assert.Equal(0, await exited);
        Assert.DoesNotContain(host.Logs, line => line.Contains("killed", StringComparison.Ordinal));
    }
}
