using Grpc.Net.Client;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Sessions;
using PubSubClient = SfCognitoSso.Adapters.SalesforceEvents.PubSub.PubSub.PubSubClient;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Single sign-out in a validator host: for every trusted org with a connected app for events, one subscription to
/// each topic (<see cref="SignOutTopics"/>), over one gRPC channel to <c>SignOut__PubSubUrl</c>. Runs as long as the
/// host; a subscription that fails starts again by itself.
/// </summary>
public sealed partial class SignOutSubscriber(
    TrustedOrgs orgs,
    IOptions<TrustedOrgsOptions> trusted,
    IOptions<SignOutEventsOptions> options,
    OrgAccessTokens tokens,
    EventSchemas schemas,
    ReplayPositions replays,
    ParkedSignOuts parked,
    SalesforceUserStatus userStatus,
    ISender mediator,
    SignOutTelemetry telemetry,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<SignOutSubscriber> logger) : BackgroundService
{
    private GrpcChannel? channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stop reading as soon as the host begins to stop: a stream the server ends during shutdown is no fault.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        stoppingToken = stopping.Token;
        var subscriptions = new List<Task>();
        channel = GrpcChannel.ForAddress(options.Value.PubSubUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                EnableMultipleHttp2Connections = true,
            },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        var client = new PubSubClient(channel);
        foreach (var settings in trusted.Value.Orgs.Where(settings => settings.Events.Enabled))
        {
            if (!SalesforceId.TryParseOrg(settings.OrgId, out var orgId) || !orgs.TryGet(orgId, out var org))
            {
                continue;
            }

            foreach (var topic in SignOutTopics.All)
            {
                var subscription = new TopicSubscription(
                    org, settings.Events, topic, client, tokens, schemas, replays, parked, userStatus, mediator, options.Value, telemetry, time, logger);
                subscriptions.Add(subscription.RunAsync(stoppingToken));
            }

            LogSubscribed(org.OrgId.Value, replays.Shared ? "Redis (signed)" : "this process only (a restart starts from the latest event; Redis needs Cache__Redis and Ticket__SigningKey)");
        }

        await Task.WhenAll(subscriptions).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        channel?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out reads logout and user change events of org {OrgId}; replay positions kept in {ReplayStore}")]
    private partial void LogSubscribed(string orgId, string replayStore);
}
