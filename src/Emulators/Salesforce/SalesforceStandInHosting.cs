using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// The Salesforce stand-in as a web app serves it — its REST side (sessions, logout, deactivation, the events app's
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
        if (settings.PubSubTlsUrl is { } tls)
        {
            // Salesforce's endpoint speaks only TLS; clients that cannot be told otherwise are pointed here.
            kestrel.Listen(
                IPAddress.TryParse(tls.Host.Trim('[', ']'), out var tlsAddress) ? tlsAddress : IPAddress.Loopback,
                tls.Port,
                listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    listen.UseHttps(LoopbackCertificate());
                });
        }
    }

    /// <summary>A certificate for 127.0.0.1 and localhost made for this run (a client must be told to trust it).</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoopbackCertificate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=SfCognitoSso local Pub/Sub", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
        // Exported and read back: Kestrel on Linux needs the key in a form it can hand to OpenSSL.
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    public static IServiceCollection AddSalesforceStandIn(this IServiceCollection services, SalesforceEmulatorOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new StandInEventBus(provider.GetRequiredService<TimeProvider>(), settings.PubSubRetention));
        services.AddSingleton<StandInEventsApp>();
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
        app.MapWhen(context => context.Connection.LocalPort == settings.PubSubUrl.Port || context.Connection.LocalPort == settings.PubSubTlsUrl?.Port, pubSub =>
        {
            pubSub.UseRouting();
            pubSub.UseEndpoints(endpoints => endpoints.MapGrpcService<PubSubStandIn>());
        });
    }
}
