namespace SfCognitoSso.Contracts;

/// <summary>
/// The user pool as our Terraform makes it by default, in one place: the local stack's emulated pool is built from
/// these, and the code-to-IaC check (tools/terraform-check) fails when infra/terraform/aws's defaults differ.
/// </summary>
public static class PoolDefaults
{
    /// <summary>ID and access tokens' lifetime (<c>access_token_minutes</c>): a revoked access token lives on offline this long.</summary>
    public const int AccessTokenMinutes = 15;

    /// <summary>Refresh tokens' lifetime (<c>refresh_token_hours</c>): without single sign-out, the revocation window.</summary>
    public const int RefreshTokenHours = 2;

    /// <summary>Pre token generation's event version (<c>pre_token_generation_version</c>, V1_0): every tier allows it;
    /// our claims go into the ID token only (version 2, the access token too, needs the Essentials or Plus tier).</summary>
    public const int PreTokenGenerationVersion = 1;

    /// <summary>Refresh token rotation on the app clients (<c>refresh_token_rotation</c>): off, so REFRESH_TOKEN_AUTH
    /// keeps working for clients that know nothing else; our clients refresh with GetTokensFromRefreshToken either way.</summary>
    public const bool RefreshTokenRotation = false;

    /// <summary>With rotation, how long a replaced refresh token still works (<c>refresh_token_retry_grace_seconds</c>):
    /// long enough for a client's retry after a lost answer, short enough that a stolen old token is soon useless.</summary>
    public const int RefreshTokenRetryGraceSeconds = 10;

    /// <summary>The only attributes a signed-in user may write with their own access token (<c>write_attributes</c>):
    /// email, the Salesforce IDs and the sign-out mark are the validator's alone.</summary>
    public static readonly IReadOnlyList<string> WriteAttributes = ["locale", "zoneinfo"];
}
