using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>
/// The emulated pool and its one app client: its own section (<c>CognitoEmulator__…</c>) when the emulator is hosted
/// alone; the local stack hands it these from <c>LocalStack__…</c> instead.
/// </summary>
public sealed class LocalCognitoOptions
{
    public const string Section = "CognitoEmulator";

    public const string DefaultUserPoolId = LocalStackDefaults.UserPoolId;

    public const string DefaultClientId = LocalStackDefaults.ClientId;

    /// <summary>In the real format (<c>region_id</c>): aws-jwt-verify and the client libraries reject anything else.</summary>
    public string UserPoolId { get; set; } = DefaultUserPoolId;

    public string ClientId { get; set; } = DefaultClientId;

    /// <summary>How long a challenge's Session stays usable; Cognito's default is 3 minutes.</summary>
    public int SessionValiditySeconds { get; set; } = 180;

    /// <summary>A PEM file holding the token signing key: read when it exists, written when it does not. Unset, a new
    /// key is made each run (tokens from a previous run then fail verification, as after a key rotation).</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The pre token generation event version the pool sends: 1 (ID token claims) or 2 (ID and access).</summary>
    public int PreTokenGenerationVersion { get; set; } = 2;

    /// <summary>The custom attributes of the pool's schema (<c>custom:…</c>), as a pool declares them; any other is
    /// refused as Cognito refuses attributes missing from the schema. None by default.</summary>
    public List<string> CustomAttributes { get; set; } = [];

    /// <summary>The attributes the app client lets a signed-in user write with UpdateUserAttributes (its write
    /// attributes). Null, as for an app client created without the setting: every attribute of the schema.</summary>
    public List<string>? WriteAttributes { get; set; }

    /// <summary>Enforce Cognito's request rate quotas per category (<see cref="CognitoQuotas"/>); off by default.</summary>
    public bool EnforceQuotas { get; set; }

    /// <summary>A second, confidential app client (with a secret, as a server-side client such as the token exchange
    /// uses): its calls must carry Cognito's <c>SECRET_HASH</c>. None when unset.</summary>
    public string? ConfidentialClientId { get; set; }

    /// <summary>The confidential client's secret (a secret; never logged).</summary>
    public string? ConfidentialClientSecret { get; set; }

    /// <summary>How long ID and access tokens live, in minutes (Cognito's default for an app client: 60).</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>How long refresh tokens live, in hours (Cognito's default: 30 days).</summary>
    public int RefreshTokenHours { get; set; } = 30 * 24;

    /// <summary>Refresh token rotation on the pool's app clients (Cognito's <c>RefreshTokenRotation</c>, off by
    /// default): GetTokensFromRefreshToken hands out a new refresh token each time, and REFRESH_TOKEN_AUTH is not
    /// allowed (a rotating client cannot have ALLOW_REFRESH_TOKEN_AUTH).</summary>
    public bool RefreshTokenRotation { get; set; }

    /// <summary>With rotation, how long a replaced refresh token still works (0–60 s, for a client's retry); after it,
    /// using it again is refused as a reuse.</summary>
    public int RefreshTokenRetryGraceSeconds { get; set; }

    /// <summary>How long each trigger invocation waits before the function runs, in milliseconds (0–10000), as a cold
    /// start or a slow network makes it wait; it counts against Cognito's 5 s budget, so over 5000 every trigger
    /// times out and the client sees what it would see on AWS.</summary>
    public int TriggerDelayMs { get; set; }

    /// <summary>How many more times each trigger is invoked with the same event after the first (0–2; the last answer
    /// counts), as Cognito may invoke a trigger again after a timeout or a failure: proves the triggers idempotent.</summary>
    public int TriggerRepeats { get; set; }

    public string Region => CognitoIds.RegionOf(UserPoolId) ?? string.Empty;

    /// <summary>The issuer real Cognito uses, even on loopback, so apps verify these tokens unchanged.</summary>
    public string Issuer => $"https://cognito-idp.{Region}.amazonaws.com/{UserPoolId}";

    public TimeSpan SessionValidity => TimeSpan.FromSeconds(SessionValiditySeconds);
}
