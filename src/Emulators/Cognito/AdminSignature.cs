using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>
/// The emulator's admin credentials and the check of an admin call's SigV4 signature against them, as Cognito checks
/// its callers': the access key must be this one, the scope this service, <c>X-Amz-Date</c> within 15 minutes of now,
/// the signed headers must include <c>host</c> and <c>x-amz-date</c>, and the signature AWSSDK.Core computes over the
/// request as received (method, path, query, signed headers, body hash) must equal the one sent. Any page that can
/// reach loopback could otherwise drive the admin API with a made-up Authorization header.
/// </summary>
public static class AdminSignature
{
    /// <summary>Fixed, obviously local credentials: not a secret (anyone on this machine may administer the local pool),
    /// but a browser page does not have them and cannot sign with them.</summary>
    public static readonly BasicAWSCredentials LocalCredentials = new("AKIALOCALSTACK0000000", "local-stack-not-a-secret");

    public const string Service = "cognito-idp";

    private const string Scheme = "AWS4-HMAC-SHA256 ";

    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    /// <summary>How AWS answers a call whose signature is not good: no SigV4 at all, a key it does not know, or a
    /// signature (or its date) that does not hold — the error types clients branch on.</summary>
    public static UserPoolException Refusal(AdminSignatureCheck check) => check switch
    {
        AdminSignatureCheck.Incomplete => new UserPoolException("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters."),
        AdminSignatureCheck.UnknownKey => new UserPoolException("UnrecognizedClientException", "The security token included in the request is invalid."),
        AdminSignatureCheck.Invalid => new UserPoolException("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
        AdminSignatureCheck.Expired => new UserPoolException("InvalidSignatureException", "Signature expired: the request was signed more than 15 minutes away from the time it arrived."),
        _ => new UserPoolException("MissingAuthenticationTokenException", "Missing Authentication Token"),
    };

    public static AdminSignatureCheck Verify(HttpRequest request, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return AdminSignatureCheck.Missing;
        }

        if (!TryParse(authorization[Scheme.Length..], out var credential, out var signedHeaders, out var signature))
        {
            return AdminSignatureCheck.Incomplete;
        }

        var scope = credential.Split('/');
        var keys = LocalCredentials.GetCredentials();
        if (scope[0] != keys.AccessKey)
        {
            return AdminSignatureCheck.UnknownKey;
        }

        if (scope.Length != 5 || scope[3] != Service || scope[4] != "aws4_request"
            || !DateTime.TryParseExact(request.Headers["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || scope[1] != signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
        {
            return AdminSignatureCheck.Invalid;
        }

        if ((now.UtcDateTime - signedAt).Duration() > MaxSkew)
        {
            return AdminSignatureCheck.Expired;
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date"))
        {
            return AdminSignatureCheck.Invalid;
        }

        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (request.Headers["X-Amz-Content-Sha256"] is { Count: > 0 } declared && declared.ToString() != bodyHash)
        {
            return AdminSignatureCheck.Invalid;
        }

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(CanonicalPath(request.Path)).Append('\n')
            .Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in names)
        {
            var value = name == "host" ? request.Host.Value ?? string.Empty : string.Join(',', request.Headers[name].Select(Trimmed));
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(bodyHash);
        var expected = AWS4Signer.ComputeSignature(keys, scope[2], signedAt, Service, signedHeaders, canonical.ToString()).Signature;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? AdminSignatureCheck.Valid
            : AdminSignatureCheck.Invalid;
    }

    private static bool TryParse(string parameters, out string credential, out string signedHeaders, out string signature)
    {
        credential = signedHeaders = signature = string.Empty;
        foreach (var part in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
                default:
                    return false;
            }
        }

        return credential.Length > 0 && signedHeaders.Length > 0 && signature.Length == 64;
    }

    private static string CanonicalPath(PathString path) =>
        path.HasValue && path.Value != "/" ? string.Join('/', path.Value!.Split('/').Select(Uri.EscapeDataString)) : "/";

    private static string CanonicalQuery(IQueryCollection query) =>
        string.Join('&', query
            .SelectMany(pair => pair.Value.Select(value => (Key: Uri.EscapeDataString(pair.Key), Value: Uri.EscapeDataString(value ?? string.Empty))))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}={pair.Value}"));

    private static string Trimmed(string? value) => string.Join(' ', (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>What an admin call's SigV4 signature came to.</summary>
public enum AdminSignatureCheck
{
    /// <summary>No SigV4 Authorization header.</summary>
    Missing,

    /// <summary>A SigV4 header missing its Credential, SignedHeaders or Signature.</summary>
    Incomplete,

    /// <summary>Signed with an access key the pool does not know.</summary>
    UnknownKey,

    /// <summary>The signature, its scope or its signed headers do not hold.</summary>
    Invalid,

    /// <summary>Signed more than 15 minutes away from now.</summary>
    Expired,

    /// <summary>Signed by the pool's admin credentials, now.</summary>
    Valid,
}
