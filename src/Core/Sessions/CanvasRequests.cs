using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// A Salesforce Canvas signed request as Salesforce POSTs it to a canvas app:
/// <c>base64(HMAC-SHA256(consumer secret, encoded envelope)) "." base64(CanvasRequest JSON)</c>. It carries an OAuth
/// token (the user's session), so it is a secret like one: <see cref="ToString"/> never shows it.
/// </summary>
public sealed class CanvasSignedRequest(string? value)
{
    internal string Value { get; } = value ?? string.Empty;

    /// <inheritdoc/>
    public override string ToString() => "[redacted Canvas signed request]";
}

/// <summary>A signed request opened: the session it carries and the user it names, or why not.</summary>
internal sealed record CanvasOpening(SalesforceSession? Session, SalesforceId UserId, Refusal? Refusal)
{
    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// Opens Canvas signed requests, trusting nothing in one until its signature holds: the org named in the envelope
/// picks the consumer secret (<c>Salesforce__Orgs__N__CanvasConsumerSecret</c>, one per trusted org), the HMAC is
/// compared in constant time, only <c>HMACSHA256</c> is accepted, and then the envelope's instance must be the one
/// configured for that org (the Salesforce host still comes from configuration only) and its token must belong to that
/// org. The token is then proved with Salesforce like any session; the user Salesforce names must be the envelope's.
/// </summary>
internal sealed class CanvasRequests
{
    private readonly TrustedOrgs orgs;
    private readonly Dictionary<SalesforceId, byte[]> secrets = [];

    public CanvasRequests(TrustedOrgs orgs, IOptions<TrustedOrgsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.orgs = orgs;
        foreach (var org in options.Value.Orgs)
        {
            if (!string.IsNullOrEmpty(org.CanvasConsumerSecret) && SalesforceId.TryParseOrg(org.OrgId, out var orgId))
            {
                secrets[orgId] = Encoding.UTF8.GetBytes(org.CanvasConsumerSecret);
            }
        }
    }

    public static readonly Refusal Malformed = Refusal.InvalidRequest("The signed request must be <base64 signature>.<base64 CanvasRequest JSON>.");

    public static readonly Refusal SignatureInvalid = new(RefusalReason.CanvasSignatureInvalid, "The signed request's signature does not hold for this org's canvas app.");

    public static readonly Refusal NotConfigured = new(RefusalReason.CanvasNotConfigured, "No canvas app consumer secret is configured for this org.");

    /// <summary>The signed request names an instance its org is not configured with.</summary>
    public static readonly Refusal InstanceMismatch = new(RefusalReason.OrgNotAllowed, "The signed request names an instance other than those configured for its org.");

    public CanvasOpening Open(CanvasSignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Contracts.CanvasEnvelope.Read(request.Value) is not { } envelope
            || !SalesforceId.TryParseOrg(envelope.OrganizationId, out var orgId)
            || !SalesforceId.TryParseUser(envelope.UserId, out var userId)
            || envelope.Algorithm is null || envelope.OAuthToken is null || envelope.InstanceUrl is null)
        {
            return Refused(Malformed);
        }

        if (!orgs.TryGet(orgId, out var org))
        {
            return Refused(Refusal.OrgNotAllowed);
        }

        if (!secrets.TryGetValue(org.OrgId, out var secret))
        {
            return Refused(NotConfigured);
        }

        // The signature is over the encoded envelope exactly as sent.
        var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(envelope.SignedPart));
        if (envelope.Algorithm != "HMACSHA256" || !CryptographicOperations.FixedTimeEquals(expected, envelope.Signature))
        {
            return Refused(SignatureInvalid);
        }

        if (!TrustedOrgs.TryParseInstanceUrl(envelope.InstanceUrl, out var instance) || !(instance == org.InstanceUrl || org.OtherCanvasInstances.Contains(instance)))
        {
            return Refused(InstanceMismatch);
        }

        var session = new SalesforceSession(envelope.OAuthToken);
        if (!session.TryGetOrgId(out var tokenOrg) || tokenOrg != org.OrgId)
        {
            return Refused(Refusal.InvalidSession);
        }

        return new CanvasOpening(session, userId, null);
    }

    private static CanvasOpening Refused(Refusal refusal) => new(null, default, refusal);
}
