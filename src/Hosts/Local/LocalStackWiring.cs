using System.Security.Cryptography;
using SfCognitoSso.Adapters.Cognito;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Adapters.Tickets;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// What ties the three parts together, given to the product's adapters as their options (post-configured, so they
/// win over anything configured: the local stack is only ever this wiring). Nothing is written back into
/// configuration. The validator and the triggers get separate providers, as on Azure and AWS; the triggers get
/// the validator's public key only.
/// </summary>
public sealed class LocalStackWiring
{
    private readonly LocalStackSettings settings;
    private readonly IConfiguration configuration;
    private readonly string? generatedSigningKey;
    private readonly string? publicKey;

    public LocalStackWiring(LocalStackSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        this.settings = settings;
        this.configuration = configuration;
        var configuredKey = configuration[$"{TicketKeyOptions.Section}:{nameof(TicketKeyOptions.SigningKey)}"];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (string.IsNullOrWhiteSpace(configuredKey))
        {
            // Tickets on, as in production, with a key pair made for this run.
            generatedSigningKey = key.ExportPkcs8PrivateKeyPem();
        }
        else
        {
            try
            {
                key.ImportFromPem(configuredKey);
            }
            catch (Exception exception) when (exception is ArgumentException or CryptographicException)
            {
                // The validator's own check of Ticket__SigningKey names the problem at start-up.
                return;
            }
        }

        publicKey = key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The validator's side: the Cognito directory and the token exchange on the emulated pool, CORS for the
    /// stack's own page, the stand-in's orgs, the ticket signing key.</summary>
    public void ApplyToValidator(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var pool = settings.Pool;
        services.PostConfigure<CognitoOptions>(cognito =>
        {
            cognito.UserPoolId = pool.UserPoolId;
            cognito.ServiceUrl = settings.CognitoUrl.ToString();
        });
        // The token exchange signs users in through the pool's confidential app client, with its secret.
        services.PostConfigure<ExchangeOptions>(exchange =>
        {
            exchange.ClientId = pool.ConfidentialClientId ?? pool.ClientId;
            exchange.ClientSecret = pool.ConfidentialClientSecret;
        });
        services.AddCognitoTokenIssuer();
        // Its own page is same-origin; a page opened through the other loopback name is not. After any configured
        // origins, so a page of the developer's own is allowed too.
        services.PostConfigure<CorsOptions>(cors => cors.AllowedOrigins.AddRange(
            [settings.ValidatorUrl.GetLeftPart(UriPartial.Authority), $"http://localhost:{settings.ValidatorUrl.Port}"]));
        TrustStandInOrgs(services, withEvents: settings.SingleSignOut);
        // Tickets are for the emulated pool and its app client, whichever key signs them.
        services.PostConfigure<TicketKeyOptions>(tickets =>
        {
            tickets.UserPoolId = pool.UserPoolId;
            if (tickets.ClientIds.Count == 0)
            {
                tickets.ClientIds = pool.ConfidentialClientId is { } exchangeClient ? [pool.ClientId, exchangeClient] : [pool.ClientId];
            }
        });
        if (generatedSigningKey is not null)
        {
            services.PostConfigure<TicketKeyOptions>(tickets => tickets.SigningKey = generatedSigningKey);
            services.AddTicketServices();
        }

        if (settings.StandInEnabled)
        {
            // Single sign-out on, reading the stand-in's Pub/Sub API with the demo org's events app.
            // The local stack is one process: its subscriber needs no lease.
            services.PostConfigure<SignOutEventsOptions>(signOut =>
            {
                signOut.PubSubUrl = settings.PubSubUrl.GetLeftPart(UriPartial.Authority);
                signOut.SingleInstance = true;
            });
            services.AddSalesforceSignOutEvents(configuration, force: true);
        }
    }

    /// <summary>The triggers' side, as a Lambda function's: the stand-in's orgs, and the validator's public key
    /// to check tickets with (never its private key).</summary>
    public void ApplyToTriggers(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        TrustStandInOrgs(services, withEvents: false);
        if (publicKey is not null)
        {
            services.PostConfigure<TicketKeyOptions>(tickets =>
            {
                tickets.SigningKey = null;
                if (!tickets.PublicKeys.Any(key => !string.IsNullOrWhiteSpace(key)))
                {
                    tickets.PublicKeys = [publicKey];
                }
            });
            services.AddTicketServices();
        }
    }

    private void TrustStandInOrgs(IServiceCollection services, bool withEvents)
    {
        if (!settings.StandInEnabled)
        {
            return;
        }

        var instance = settings.SalesforceUrl.GetLeftPart(UriPartial.Authority);
        services.PostConfigure<TrustedOrgsOptions>(salesforce => salesforce.Orgs.AddRange(settings.DemoOrgs.Select(org => new TrustedOrgSettings
        {
            OrgId = org.Value,
            InstanceUrl = instance,
            CanvasConsumerSecret = settings.CanvasConsumerSecret,
            Events = withEvents ? new OrgEventsSettings { ClientId = settings.EventsClientId, ClientSecret = settings.EventsClientSecret } : new(),
            Jwt = new OrgJwtSettings { ClientIds = [StandInAccessTokens.ClientId] },
        })));
    }
}
