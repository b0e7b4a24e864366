using Grpc.Net.Client;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
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
    IServiceProvider services,
    IOptions<TrustedOrgsOptions> trusted,
    IOptions<SignOutEventsOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SignOutSubscriber> logger) : BackgroundService
{
    private GrpcChannel? channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Stop reading as soon as the host begins to stop: a stream the server ends during shutdown is no fault.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        stoppingToken = stopping.Token;
        var orgs = services.GetRequiredService<TrustedOrgs>();
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
                    org,
                    settings.Events,
                    topic,
                    client,
                    services.GetRequiredService<OrgAccessTokens>(),
                    services.GetRequiredService<EventSchemas>(),
                    services.GetRequiredService<ReplayPositions>(),
                    services.GetRequiredService<ISender>(),
                    options.Value,
                    services.GetRequiredService<SignOutTelemetry>(),
                    services.GetRequiredService<TimeProvider>(),
                    logger);
                subscriptions.Add(subscription.RunAsync(stoppingToken));
            }

            LogSubscribed(org.OrgId.Value);
        }

        await Task.WhenAll(subscriptions).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        channel?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Single sign-out reads logout and user change events of org {OrgId}")]
    private partial void LogSubscribed(string orgId);
}
