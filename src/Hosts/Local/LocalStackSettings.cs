using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// Every <c>LocalStack__…</c> setting, read once and checked together: where the stack listens, whom the stand-in
/// knows, and the emulated pool (handed to the emulator as its options; the product's custom attributes added).
/// </summary>
public sealed class LocalStackSettings
{
    public const string Section = "LocalStack";

    public Uri ValidatorUrl { get; private init; } = new(LocalStackDefaults.ValidatorUrl);

    public Uri CognitoUrl { get; private init; } = new(LocalStackDefaults.CognitoUrl);

    public Uri SalesforceUrl { get; private init; } = new(LocalStackDefaults.SalesforceUrl);

    /// <summary>The stand-in's Pub/Sub API, for single sign-out (<c>LocalStack__PubSubUrl</c>).</summary>
    public Uri PubSubUrl { get; private init; } = new(LocalStackDefaults.PubSubUrl);

    /// <summary>The demo org's events app for single sign-out: a new secret each run unless
    /// <c>LocalStack__EventsClientSecret</c> is set.</summary>
    public string EventsClientId { get; private init; } = "sfsso-local-events";

    public string EventsClientSecret { get; private init; } = string.Empty;

    /// <summary>The events app's token format (<c>LocalStack__EventsTokenFormat</c>: <c>opaque</c>, as deployed, or
    /// <c>jwt</c>, as an app with JWT-based access tokens on issues them, which Pub/Sub refuses).</summary>
    public EventsTokenFormat EventsTokenFormat { get; private init; }

    /// <summary>The stand-in's Pub/Sub API over TLS as well (<c>LocalStack__PubSubTlsUrl</c>, an https loopback URL).</summary>
    public Uri? PubSubTlsUrl { get; private init; }

    /// <summary>The emulated pool: <c>LocalStack__UserPoolId</c>, <c>__ClientId</c>, <c>__SessionValiditySeconds</c>,
    /// <c>__SigningKeyFile</c>, <c>__PreTokenGenerationVersion</c>.</summary>
    public LocalCognitoOptions Pool { get; private init; } = new();

    /// <summary>Off when a real org is configured (<c>Salesforce__Orgs__N__…</c>).</summary>
    public bool StandInEnabled { get; private init; }

    public IReadOnlyList<DemoUser> Users { get; private init; } = [];

    /// <summary>The demo org's canvas app consumer secret (<c>LocalStack__CanvasConsumerSecret</c>; unset: a new random
    /// one each run). The stand-in signs its canvas launches with it; the validator checks them with it.</summary>
    public string CanvasConsumerSecret { get; private init; } = string.Empty;

    /// <summary>How long the stand-in takes to answer Salesforce's calls (<c>LocalStack__SalesforceLatencyMs</c>, 0–5000;
    /// a real org takes 100–300 ms), so what a saved Salesforce call is worth shows in figures.</summary>
    public int SalesforceLatencyMs { get; private init; }

    /// <summary>How often the stand-in's Pub/Sub API sends an idle subscription a keepalive
    /// (<c>LocalStack__PubSubKeepAliveSeconds</c>, 1–270; Salesforce's own interval is up to 270 s).</summary>
    public int PubSubKeepAliveSeconds { get; private init; } = 5;

    /// <summary>How long the stand-in's Pub/Sub API keeps an event (<c>LocalStack__PubSubRetentionHours</c>, 72 as
    /// Salesforce; fractions allowed): an older replay ID is refused as unknown, as Salesforce's is.</summary>
    public TimeSpan PubSubRetention { get; private init; } = TimeSpan.FromHours(72);

    /// <summary>Whether the validator reads the stand-in's logout and user change events (<c>LocalStack__SingleSignOut</c>,
    /// on by default): off, the stack runs as a deployment without an events app does.</summary>
    public bool SingleSignOut { get; private init; } = true;

    /// <summary>Whether the events app's user may read <c>UserLogin</c> (<c>LocalStack__EventsAppReadsUserLogin</c>, on
    /// by default, as with the sweep's opt-in permission set): off, the sweep's frozen-users query is refused as
    /// Salesforce refuses it without Manage Users.</summary>
    public bool EventsAppReadsUserLogin { get; private init; } = true;

    public IReadOnlyList<SalesforceId> DemoOrgs => [.. Users.Select(user => user.OrgId).Distinct()];

    /// <summary>The Salesforce stand-in, as these settings make it: the demo users when no real org is configured.</summary>
    public SalesforceEmulatorOptions Salesforce => new()
    {
        SalesforceUrl = SalesforceUrl,
        PubSubUrl = PubSubUrl,
        CanvasAppUrl = new Uri(ValidatorUrl, CanvasApp.Path),
        CanvasConsumerSecret = CanvasConsumerSecret,
        EventsClientId = EventsClientId,
        EventsClientSecret = EventsClientSecret,
        EventsTokenFormat = EventsTokenFormat,
        PubSubTlsUrl = PubSubTlsUrl,
        LatencyMs = SalesforceLatencyMs,
        PubSubKeepAlive = TimeSpan.FromSeconds(PubSubKeepAliveSeconds),
        PubSubRetention = PubSubRetention,
        EventsAppReadsUserLogin = EventsAppReadsUserLogin,
        Users = StandInEnabled ? Users : [],
    };

    /// <summary>Reads and checks the settings now: they decide what the host listens on and which orgs it trusts.</summary>
    public static LocalStackSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var errors = new List<string>();
        var latencyMs = 0;
        if (section["SalesforceLatencyMs"] is { } latency
            && !(int.TryParse(latency, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out latencyMs) && latencyMs <= 5000))
        {
            errors.Add("LocalStack__SalesforceLatencyMs must be a whole number of milliseconds from 0 to 5000.");
        }

        var keepAliveSeconds = 5;
        if (section["PubSubKeepAliveSeconds"] is { } keepAlive
            && !(int.TryParse(keepAlive, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out keepAliveSeconds) && keepAliveSeconds is >= 1 and <= 270))
        {
            errors.Add("LocalStack__PubSubKeepAliveSeconds must be a whole number of seconds from 1 to 270 (Salesforce sends one within 270 s).");
        }

        var tokenFormat = EventsTokenFormat.Opaque;
        if (section["EventsTokenFormat"] is { } format && !(format is "opaque" or "jwt" && Enum.TryParse(format, ignoreCase: true, out tokenFormat)))
        {
            errors.Add("LocalStack__EventsTokenFormat must be opaque (the events app as infra/salesforce deploys it) or jwt.");
        }

        var retentionHours = 72.0;
        if (section["PubSubRetentionHours"] is { } retention
            && !(double.TryParse(retention, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out retentionHours)
                 && retentionHours > 0 && retentionHours <= 24 * 365))
        {
            errors.Add("LocalStack__PubSubRetentionHours must be a number of hours above 0 (fractions allowed; Salesforce keeps events 72).");
        }

        var singleSignOut = true;
        if (section["SingleSignOut"] is { } signOut && !bool.TryParse(signOut, out singleSignOut))
        {
            errors.Add("LocalStack__SingleSignOut must be true (the validator reads the stand-in's logout events) or false.");
        }

        var readsUserLogin = true;
        if (section["EventsAppReadsUserLogin"] is { } readsLogin && !bool.TryParse(readsLogin, out readsUserLogin))
        {
            errors.Add("LocalStack__EventsAppReadsUserLogin must be true (the events app's user may read UserLogin, as with the sweep's opt-in permission set) or false.");
        }

        Uri? pubSubTls = null;
        if (section["PubSubTlsUrl"] is { Length: > 0 } tlsUrl
            && !(Uri.TryCreate(tlsUrl, UriKind.Absolute, out pubSubTls) && pubSubTls is { Scheme: "https", AbsolutePath: "/" } && LoopbackHosts.IsLoopback(pubSubTls.Host) && !pubSubTls.IsDefaultPort))
        {
            errors.Add("LocalStack__PubSubTlsUrl must be an https URL on loopback with a port, e.g. https://127.0.0.1:9233.");
        }

        var settings = new LocalStackSettings
        {
            EventsTokenFormat = tokenFormat,
            SingleSignOut = singleSignOut,
            EventsAppReadsUserLogin = readsUserLogin,
            PubSubRetention = TimeSpan.FromHours(retentionHours),
            PubSubTlsUrl = pubSubTls,
            SalesforceLatencyMs = latencyMs,
            PubSubKeepAliveSeconds = keepAliveSeconds,
            ValidatorUrl = Url(section, "ValidatorUrl", LocalStackDefaults.ValidatorUrl, errors),
            CognitoUrl = Url(section, "CognitoUrl", LocalStackDefaults.CognitoUrl, errors),
            SalesforceUrl = Url(section, "SalesforceUrl", LocalStackDefaults.SalesforceUrl, errors),
            PubSubUrl = Url(section, "PubSubUrl", LocalStackDefaults.PubSubUrl, errors),
            EventsClientSecret = section["EventsClientSecret"] is { Length: > 0 } eventsSecret
                ? eventsSecret
                : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            Pool = PoolOf(section, errors),
            StandInEnabled = !configuration.GetSection("Salesforce:Orgs").GetChildren().Any(),
            Users = [.. DemoUser.BuiltIn, .. ConfiguredUsers(section.GetSection("Users"), errors)],
            CanvasConsumerSecret = section["CanvasConsumerSecret"] is { Length: > 0 } secret
                ? secret
                : Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        if (settings.CanvasConsumerSecret.Length < 16)
        {
            errors.Add("LocalStack__CanvasConsumerSecret must be at least 16 characters (a canvas app's consumer secret is 64).");
        }
        int[] ports = [settings.ValidatorUrl.Port, settings.CognitoUrl.Port, settings.SalesforceUrl.Port, settings.PubSubUrl.Port, .. settings.PubSubTlsUrl is { } tls ? [tls.Port] : Array.Empty<int>()];
        if (errors.Count == 0 && ports.Distinct().Count() != ports.Length)
        {
            errors.Add("LocalStack__ValidatorUrl, __CognitoUrl, __SalesforceUrl, __PubSubUrl (and __PubSubTlsUrl) need different ports.");
        }

        return errors.Count == 0
            ? settings
            : throw new OptionsValidationException(Section, typeof(LocalStackSettings), errors);
    }

    private static LocalCognitoOptions PoolOf(IConfigurationSection section, List<string> errors)
    {
        var pool = new LocalCognitoOptions
        {
            // The attributes this product writes: the emulator knows none of its own.
            CustomAttributes = [.. UserAttributes.Custom],
            // As our Terraform's pool and app clients (the code-to-IaC check holds the Terraform defaults to these).
            WriteAttributes = [.. PoolDefaults.WriteAttributes],
            AccessTokenMinutes = PoolDefaults.AccessTokenMinutes,
            PreTokenGenerationVersion = PoolDefaults.PreTokenGenerationVersion,
            RefreshTokenRotation = PoolDefaults.RefreshTokenRotation,
            RefreshTokenRetryGraceSeconds = PoolDefaults.RefreshTokenRetryGraceSeconds,
            // The token exchange signs in through a confidential client, as our Terraform's exchange client is.
            ConfidentialClientId = LocalStackDefaults.ExchangeClientId,
            ConfidentialClientSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            RefreshTokenHours = PoolDefaults.RefreshTokenHours,
        };
        section.Bind(pool);
        if (new LocalCognitoOptionsValidator(Section).Validate(null, pool) is { Failed: true } invalid)
        {
            errors.AddRange(invalid.Failures);
        }

        return pool;
    }

    private static Uri Url(IConfiguration section, string key, string fallback, List<string> errors)
    {
        var text = section[key] ?? fallback;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp && LoopbackHosts.IsLoopback(url)
            && url.AbsolutePath == "/" && OutboundEndpoints.IsAllowed(url))
        {
            return url;
        }

        errors.Add($"LocalStack__{key} must be an http URL on a loopback address with no path, such as {fallback}.");
        return new Uri(fallback);
    }

    private static IEnumerable<DemoUser> ConfiguredUsers(IConfigurationSection users, List<string> errors)
    {
        foreach (var entry in users.GetChildren())
        {
            var name = $"LocalStack__Users__{entry.Key}";
            var session = new SalesforceSession(entry["SessionId"]);
            if (session.IsEmpty || !session.HasOnlyTokenCharacters() || !session.TryGetOrgId(out var sessionOrg))
            {
                errors.Add($"{name}__SessionId must start with a 15-character org ID and '!' (00D…!…), with no spaces.");
                continue;
            }

            var org = sessionOrg;
            if (entry["OrgId"] is { } orgText && (!SalesforceId.TryParse(orgText, out org) || org != sessionOrg))
            {
                errors.Add($"{name}__OrgId must be the org ID the session starts with.");
                continue;
            }

            if (!SalesforceId.TryParseUser(entry["UserId"], out var userId))
            {
                errors.Add($"{name}__UserId must be a 15- or 18-character user ID (005…).");
                continue;
            }

            yield return new DemoUser(session.Reveal(), org, userId, entry["Email"], $"Local user {entry.Key}") { Configured = true };
        }
    }
}
