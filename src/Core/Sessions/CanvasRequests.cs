using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    public override string ToString() => "[redacted Canvas signed request]";
}

/// <summary>A signed request opened: the session it carries and the user it names, or why not.</summary>
public sealed record CanvasOpening(SalesforceSession? Session, SalesforceId UserId, Failure? Failure)
{
    [MemberNotNullWhen(true, nameof(Session))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Opens Canvas signed requests, trusting nothing in one until its signature holds: the org named in the envelope
/// picks the consumer secret (<c>Salesforce__Orgs__N__CanvasConsumerSecret</c>, one per trusted org), the HMAC is
/// compared in constant time, only <c>HMACSHA256</c> is accepted, and then the envelope's instance must be the one
/// configured for that org (the Salesforce host still comes from configuration only) and its token must belong to that
/// org. The token is then proved with Salesforce like any session; the user Salesforce names must be the envelope's.
/// </summary>
public sealed class CanvasRequests
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

    public static readonly Failure Malformed = Failure.InvalidRequest("The signed request must be <base64 signature>.<base64 CanvasRequest JSON>.");

    public static readonly Failure SignatureInvalid = new(FailureReason.CanvasSignatureInvalid, "The signed request's signature does not hold for this org's canvas app.");

    public static readonly Failure NotConfigured = new(FailureReason.CanvasNotConfigured, "No canvas app consumer secret is configured for this org.");

    public static readonly Failure InstanceMismatch = new(FailureReason.OrgNotAllowed, "The signed request names an instance other than the one configured for its org.");

    public CanvasOpening Open(CanvasSignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Value;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (text.Length is 0 or > Contracts.ValidatorRoutes.MaxBodyBytes || dot <= 0 || dot == text.Length - 1
            || !TryDecode(text.AsSpan(0, dot), out var signature) || !TryDecode(text.AsSpan(dot + 1), out var envelopeBytes)
            || Envelope.Parse(envelopeBytes) is not { } envelope)
        {
            return Refused(Malformed);
        }

        if (!orgs.TryGet(envelope.OrgId, out var org))
        {
            return Refused(Failure.OrgNotAllowed);
        }

        if (!secrets.TryGetValue(org.OrgId, out var secret))
        {
            return Refused(NotConfigured);
        }

        // The signature is over the encoded envelope exactly as sent.
        var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(text[(dot + 1)..]));
        if (envelope.Algorithm != "HMACSHA256" || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return Refused(SignatureInvalid);
        }

        if (!TrustedOrgs.TryParseInstanceUrl(envelope.InstanceUrl, out var instance) || instance != org.InstanceUrl)
        {
            return Refused(InstanceMismatch);
        }

        var session = new SalesforceSession(envelope.OAuthToken);
        if (!session.TryGetOrgId(out var tokenOrg) || tokenOrg != org.OrgId)
        {
            return Refused(Failure.InvalidSession);
        }

        return new CanvasOpening(session, envelope.UserId, null);
    }

    private static CanvasOpening Refused(Failure failure) => new(null, default, failure);

    /// <summary>Standard or URL-safe base64, padded or not (Salesforce's own examples decode either).</summary>
    private static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > Contracts.ValidatorRoutes.MaxBodyBytes)
        {
            return false;
        }

        Span<char> normal = stackalloc char[(text.Length + 3) / 4 * 4];
        for (var i = 0; i < text.Length; i++)
        {
            normal[i] = text[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        normal[text.Length..].Fill('=');
        var buffer = new byte[normal.Length];
        if (!Convert.TryFromBase64Chars(normal, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    /// <summary>The CanvasRequest fields this product reads.</summary>
    private sealed record Envelope(string? Algorithm, SalesforceId OrgId, SalesforceId UserId, string? OAuthToken, string? InstanceUrl)
    {
        public static Envelope? Parse(byte[] json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !TryText(root, out var algorithm, "algorithm")
                    || !TryText(root, out var orgId, "context", "organization", "organizationId")
                    || !TryText(root, out var userId, "context", "user", "userId")
                    || !TryText(root, out var token, "client", "oauthToken")
                    || !TryText(root, out var instanceUrl, "client", "instanceUrl")
                    || !SalesforceId.TryParseOrg(orgId, out var org)
                    || !SalesforceId.TryParseUser(userId, out var user))
                {
                    return null;
                }

                return new Envelope(algorithm, org, user, token, instanceUrl);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static bool TryText(JsonElement element, out string? value, params string[] path)
        {
            value = null;
            foreach (var name in path)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return false;
                }
            }

            value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            return value is { Length: > 0 };
        }
    }
}
