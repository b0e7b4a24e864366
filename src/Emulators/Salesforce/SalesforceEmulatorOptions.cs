using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>What the Salesforce stand-in serves and whom it knows; the local stack builds it from its own settings.</summary>
public sealed record SalesforceEmulatorOptions
{
    /// <summary>The REST side: userinfo, login, logout, user records, SOQL, the events app's token endpoint.</summary>
    public required Uri SalesforceUrl { get; init; }

    /// <summary>The Pub/Sub API (gRPC over cleartext HTTP/2).</summary>
    public required Uri PubSubUrl { get; init; }

    /// <summary>Where a canvas launch posts its signed request (the validator's canvas app); none: no launches.</summary>
    public Uri? CanvasAppUrl { get; init; }

    /// <summary>The canvas app's consumer secret the launches are signed with.</summary>
    public string CanvasConsumerSecret { get; init; } = string.Empty;

    /// <summary>The events app whose client credentials give Pub/Sub access tokens.</summary>
    public string EventsClientId { get; init; } = "sfsso-local-events";

    public string EventsClientSecret { get; init; } = string.Empty;

    /// <summary>The events app's tokens: opaque as <c>infra/salesforce</c> deploys it, or JWT-based, as an app with
    /// JWT-based access tokens turned on issues them (<c>LocalStack__EventsTokenFormat=jwt</c>).</summary>
    public EventsTokenFormat EventsTokenFormat { get; init; }

    /// <summary>The Pub/Sub API over TLS as well (<c>LocalStack__PubSubTlsUrl</c>), with a certificate made per run, for
    /// clients that speak only TLS, as Salesforce's endpoint does; none: cleartext only.</summary>
    public Uri? PubSubTlsUrl { get; init; }

    /// <summary>How long each "who is this session?" answer takes, as a real org's 100–300 ms would.</summary>
    public int LatencyMs { get; init; }

    /// <summary>How often an idle Pub/Sub subscription gets an empty keepalive batch: 5 s by default, so tests and the
    /// local stack see one soon; Salesforce's own interval is up to 270 s (set that to behave as it does).</summary>
    public TimeSpan PubSubKeepAlive { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the Pub/Sub API keeps an event (Salesforce: 72 hours): an older replay ID answers
    /// <c>…replayid.corrupted</c>, as Salesforce's does once its retention has passed.</summary>
    public TimeSpan PubSubRetention { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Whether the events app's user may read <c>UserLogin</c> (the sweep's opt-in permission set): off, a
    /// query of it answers 400 <c>INVALID_TYPE</c>, as Salesforce answers a user without the object's access.</summary>
    public bool EventsAppReadsUserLogin { get; init; } = true;

    /// <summary>Whose sessions the stand-in knows.</summary>
    public IReadOnlyList<DemoUser> Users { get; init; } = [];

    /// <summary>The orgs whose events the Pub/Sub API serves: the users' orgs.</summary>
    public IReadOnlyList<SalesforceId> Orgs => [.. Users.Select(user => user.OrgId).Distinct()];
}
