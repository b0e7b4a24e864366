using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>The part of Chatter's User Detail body we read (GET …/chatter/users/me).</summary>
internal sealed class ChatterUserBody
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("isActive")]
    public bool? IsActive { get; set; }

    [JsonPropertyName("userType")]
    public string? UserType { get; set; }
}

/// <summary>The part of the OpenID Connect userinfo body we read (GET /services/oauth2/userinfo).</summary>
internal sealed class UserInfoBody
{
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    [JsonPropertyName("organization_id")]
    public string? OrganizationId { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("email_verified")]
    public bool? EmailVerified { get; set; }

    [JsonPropertyName("active")]
    public bool? Active { get; set; }

    [JsonPropertyName("user_type")]
    public string? UserType { get; set; }
}

/// <summary>A successful validation as the cache stores it; IDs in 18-character form. <see cref="Mac"/> binds the
/// entry to its session and expiry (see <see cref="CachedSessionValidator"/>).</summary>
public sealed class CachedIdentity
{
    public string? UserType { get; set; }

    /// <summary>Unix seconds.</summary>
    public long ExpiresAt { get; set; }

    /// <summary>Base64 ES256 signature (IEEE P1363) by the validator's key, over the session's hash, the identity
    /// and the expiry.</summary>
    public string? Signature { get; set; }

    public string OrgId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    public string? Email { get; set; }

    public bool EmailVerified { get; set; }

    /// <summary>Written where single sign-out runs: readers check the user's sign-out mark (signed with the rest).</summary>
    public bool Revocable { get; set; }
}

/// <summary>A user's sign-out as the cache stores it (<c>signout:v1:&lt;org18&gt;:&lt;user18&gt;</c>): cached proofs of
/// that user's sessions issued before <see cref="At"/> are not used. Signed like <see cref="CachedIdentity"/>.</summary>
public sealed class CachedSignOut
{
    /// <summary>Unix milliseconds.</summary>
    public long At { get; set; }

    public string? Signature { get; set; }
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatterUserBody))]
[JsonSerializable(typeof(UserInfoBody))]
[JsonSerializable(typeof(CachedIdentity))]
[JsonSerializable(typeof(CachedSignOut))]
internal sealed partial class SalesforceJsonContext : JsonSerializerContext;
