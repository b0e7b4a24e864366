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
}
