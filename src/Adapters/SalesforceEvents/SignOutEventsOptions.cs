using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary><c>SignOut__…</c>: where Salesforce's Pub/Sub API is, and how many events to ask for at a time. Which
/// orgs are read is <c>Salesforce__Orgs__N__Events__…</c>.</summary>
public sealed class SignOutEventsOptions
{
    public const string Section = "SignOut";

    /// <summary>Salesforce's public Pub/Sub endpoint.</summary>
    public const string PublicPubSubUrl = "https://api.pubsub.salesforce.com:7443";

    /// <summary><c>SignOut__PubSubUrl</c>: from configuration only, never from an event or an answer.</summary>
    public string PubSubUrl { get; set; } = PublicPubSubUrl;

    /// <summary><c>SignOut__BatchSize</c>: events requested at a time (Salesforce delivers at most 100 per request).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary><c>SignOut__MaxBackoffSeconds</c>: the longest wait between reconnections.</summary>
    public int MaxBackoffSeconds { get; set; } = 60;

    /// <summary><c>SignOut__IdleTimeoutSeconds</c>: a stream silent this long is dead (Salesforce sends a keepalive
    /// within 270 s).</summary>
    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// <c>SignOut__SingleInstance</c>: this host says it is the deployment's only instance. Without Redis no lease can
    /// keep several instances from each acting on every event, so the subscriber runs only when this is true; with
    /// Redis the lease decides and this is not needed.
    /// </summary>
    public bool SingleInstance { get; set; }

    /// <summary>The Azure Functions plan the host runs on (<c>WEBSITE_SKU</c>, set by the platform; not a setting of
    /// ours). <c>Dynamic</c> (Consumption) and <c>FlexConsumption</c> scale to zero, and Functions does not keep an
    /// instance alive for a background stream: a subscriber there would read only while requests happen to arrive.</summary>
    public string? FunctionsPlan { get; set; }

    public bool ScalesToZero => FunctionsPlan is "Dynamic" or "FlexConsumption";

    /// <summary>How often the instance reading an org's user changes also asks Salesforce which users were deactivated
    /// or frozen since its last sweep (<c>SignOut__SweepMinutes</c>, 5; 0 turns it off): what no event brought.</summary>
    public int SweepMinutes { get; set; } = 5;
}

public sealed class SignOutEventsOptionsValidator : IValidateOptions<SignOutEventsOptions>
{
    public ValidateOptionsResult Validate(string? name, SignOutEventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.PubSubUrl, UriKind.Absolute, out var url) || !OutboundEndpoints.IsAllowed(url) || url.AbsolutePath != "/")
        {
            return ValidateOptionsResult.Fail("SignOut__PubSubUrl must be an https URL with no path, such as https://api.pubsub.salesforce.com:7443 (http only for loopback hosts).");
        }

        if (options.BatchSize is < 1 or > 100)
        {
            return ValidateOptionsResult.Fail("SignOut__BatchSize must be between 1 and 100.");
        }

        if (options.MaxBackoffSeconds is < 1 or > 3600)
        {
            return ValidateOptionsResult.Fail("SignOut__MaxBackoffSeconds must be between 1 and 3600.");
        }

        if (options.SweepMinutes is < 0 or > 1440)
        {
            return ValidateOptionsResult.Fail("SignOut__SweepMinutes must be between 0 (no sweep) and 1440.");
        }

        // Salesforce promises a keepalive only within 270 s: a shorter timeout drops healthy streams. Only a loopback
        // stand-in, whose keepalives come sooner, may be watched more closely.
        var floor = Uri.TryCreate(options.PubSubUrl, UriKind.Absolute, out var pubSub) && Contracts.LoopbackHosts.IsLoopback(pubSub) ? 30 : 300;
        return options.IdleTimeoutSeconds >= floor && options.IdleTimeoutSeconds <= 3600
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"SignOut__IdleTimeoutSeconds must be between {floor} and 3600 (Salesforce sends a keepalive only within 270 s; below 300 only for a loopback stand-in).");
    }
}
