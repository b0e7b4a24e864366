using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Testing.LocalStack;

/// <summary>
/// The local stack's Salesforce stand-in alone, on two loopback ports: its REST side (the events app's token
/// endpoint, logout, deactivation) and its Pub/Sub API, with the event bus for the test to drive. For subscribers
/// that run outside the stack (a validator host, a worker process).
/// </summary>
public sealed class SalesforceEventsStandIn : IAsyncDisposable
{
    private readonly WebApplication app;

    private SalesforceEventsStandIn(WebApplication app, SalesforceEmulatorOptions settings) => (this.app, Settings) = (app, settings);

    public SalesforceEmulatorOptions Settings { get; }

    public StandInEventBus Bus => app.Services.GetRequiredService<StandInEventBus>();

    public StandInEventsApp EventsApp => app.Services.GetRequiredService<StandInEventsApp>();

    public PubSubStandIn PubSub => app.Services.GetRequiredService<PubSubStandIn>();

    /// <summary>What a validator host needs to subscribe to the demo org's events here.</summary>
    public Dictionary<string, string?> SubscriberSettings(string? clientSecret = null) => new()
    {
        ["Salesforce:Orgs:0:OrgId"] = Settings.Users[0].OrgId.Value,
        ["Salesforce:Orgs:0:InstanceUrl"] = Settings.SalesforceUrl.GetLeftPart(UriPartial.Authority),
        ["Salesforce:Orgs:0:Events:ClientId"] = Settings.EventsClientId,
        ["Salesforce:Orgs:0:Events:ClientSecret"] = clientSecret ?? Settings.EventsClientSecret,
        ["SignOut:PubSubUrl"] = Settings.PubSubUrl.GetLeftPart(UriPartial.Authority),
    };

    /// <param name="extra">More stand-in settings (<c>LocalStack:Users:N:…</c>).</param>
    /// <param name="observe">Hears each REST request before the stand-in answers it (a test counting Salesforce calls).</param>
    /// <param name="time">The stand-in's clock (keepalives, flow control); the system's when null.</param>
    public static async Task<SalesforceEventsStandIn> StartAsync(
        IEnumerable<KeyValuePair<string, string?>>? extra = null, Action<Microsoft.AspNetCore.Http.HttpRequest>? observe = null, TimeProvider? time = null)
    {
        var settings = LocalStackSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LocalStack:SalesforceUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}",
            ["LocalStack:PubSubUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}",
            ["LocalStack:ValidatorUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}",
            ["LocalStack:CognitoUrl"] = $"http://127.0.0.1:{Loopback.FreePort()}",
        }).AddInMemoryCollection(extra ?? []).Build()).Salesforce;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, settings.SalesforceUrl.Port);
            kestrel.ListenForPubSub(settings);
        });
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSalesforceStandIn(settings);
        var app = builder.Build();
        if (observe is not null)
        {
            app.Use((context, next) =>
            {
                observe(context.Request);
                return next(context);
            });
        }

        app.MapSalesforceStandIn(settings);
        await app.StartAsync();
        return new SalesforceEventsStandIn(app, settings);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
