using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SfCognitoSso.Adapters.Cognito.Api;

public enum CognitoErrorKind
{
    UserNotFound,
    UsernameExists,
    AliasExists,
    Throttled,

    /// <summary>Cognito refused the sign-in itself: the triggers said no, or the user is disabled or unconfirmed.</summary>
    SignInRefused,

    /// <summary>Cognito could not verify the app client's secret hash: this deployment's client secret is wrong (or
    /// missing for a confidential client), which is never the caller's fault.</summary>
    ClientSecretRefused,
    Unavailable,
}

/// <summary>An error answer from Cognito, reduced to what we act on. <see cref="Type"/> is the bare AWS error
/// name (for logs); AWS's message text is never kept, so it cannot reach a client.</summary>
public sealed record CognitoError(CognitoErrorKind Kind, string Type, int Status)
{
    public static CognitoError Unreachable(string cause) => new(CognitoErrorKind.Unavailable, cause, Status: 0);

    public static CognitoError FromResponse(int status, string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        var type = ParseType(errorTypeHeader, body);
        return new CognitoError(SecretHashRefused(type, body) ? CognitoErrorKind.ClientSecretRefused : KindOf(type, status), type, status);
    }

    /// <summary>Cognito's answers to a wrong or missing <c>SECRET_HASH</c> (NotAuthorizedException, or
    /// InvalidParameterException from older endpoints), told apart from a refused sign-in by naming the secret.</summary>
    private static bool SecretHashRefused(string type, ReadOnlySpan<byte> body)
    {
        if (type is not ("NotAuthorizedException" or "InvalidParameterException") || body.IsEmpty)
        {
            return false;
        }

        try
        {
            var message = JsonSerializer.Deserialize(body, CognitoJsonContext.Default.ErrorBody)?.Message;
            // "Unable to verify secret hash for client …", "Client … is configured for secret but secret was not received".
            return message is not null && message.Contains("secret", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool IsThrottling(string type) => KindOf(type, status: 400) == CognitoErrorKind.Throttled;

    private static CognitoErrorKind KindOf(string type, int status) => type switch
    {
        "UserNotFoundException" => CognitoErrorKind.UserNotFound,
        "NotAuthorizedException" or "UserNotConfirmedException" => CognitoErrorKind.SignInRefused,
        "UsernameExistsException" => CognitoErrorKind.UsernameExists,
        "AliasExistsException" => CognitoErrorKind.AliasExists,
        "TooManyRequestsException" or "ThrottlingException" or "Throttling" or "LimitExceededException"
            or "RequestLimitExceeded" => CognitoErrorKind.Throttled,
        _ when status == 429 => CognitoErrorKind.Throttled,
        _ => CognitoErrorKind.Unavailable,
    };

    /// <summary>
    /// The error name from <c>x-amzn-ErrorType</c> (<c>Name:http://internal.amazon.com/…</c>) or else the body's
    /// <c>__type</c> (<c>Name</c> or <c>com.amazonaws.cognito.identity.idp.model#Name</c>).
    /// </summary>
    public static string ParseType(string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        var raw = errorTypeHeader;
        if (string.IsNullOrWhiteSpace(raw))
        {
            raw = ReadBodyType(body);
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            return "UnknownError";
        }

        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            raw = raw[..colon];
        }

        var hash = raw.LastIndexOf('#');
        return raw[(hash + 1)..].Trim();
    }

    private static string? ReadBodyType(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, CognitoJsonContext.Default.ErrorBody)?.Type;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
