using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// The Salesforce stand-in as a web app serves it — its REST side (sessions, logout, deactivation, the connected app's
/// token endpoint) and its Pub/Sub API, sharing one event bus — for the local stack and for tests that run it alone.
/// </summary>
public static class SalesforceStandInHosting
{
    /// <summary>The Pub/Sub API's endpoint: gRPC without TLS is HTTP/2 with prior knowledge, which Kestrel serves only on
    /// an HTTP/2-only endpoint.</summary>
    public static void ListenForPubSub(this KestrelServerOptions kestrel, SalesforceEmulatorOptions settings)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        kestrel.Listen(
            IPAddress.TryParse(settings.PubSubUrl.Host.Trim('[', ']'), out var address) ? address : IPAddress.Loopback,
            settings.PubSubUrl.Port,
            listen => listen.Protocols = HttpProtocols.Http2);
    }

    public static IServiceCollection AddSalesforceStandIn(this IServiceCollection services, SalesforceEmulatorOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StandInEventBus>();
        services.AddSingleton(new StandInConnectedApp(settings.EventsClientId, settings.EventsClientSecret));
        services.AddSingleton<StandInSessions>();
        services.AddSingleton<StandInUserRecords>();
        services.AddSingleton<StandInCanvasLaunch>();
        services.AddSingleton<StandInAccessTokens>();
        services.AddSingleton<SalesforceStandIn>();
        services.AddSingleton<PubSubStandIn>();
        services.AddSingleton<PubSubStreamsEnd>();
        services.AddHostedService(provider => provider.GetRequiredService<PubSubStreamsEnd>());
        services.AddGrpc();
        return services;
    }

    /// <summary>Requests to the stand-in's two ports go to its REST side and to its Pub/Sub API.</summary>
    public static void MapSalesforceStandIn(this IApplicationBuilder app, SalesforceEmulatorOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        app.MapWhen(context => context.Connection.LocalPort == settings.SalesforceUrl.Port, salesforce =>
            salesforce.Run(context => context.RequestServices.GetRequiredService<SalesforceStandIn>().HandleAsync(context)));
        app.MapWhen(context => context.Connection.LocalPort == settings.PubSubUrl.Port, pubSub =>
        {
            pubSub.UseRouting();
            pubSub.UseEndpoints(endpoints => endpoints.MapGrpcService<PubSubStandIn>());
        });
    }
}
