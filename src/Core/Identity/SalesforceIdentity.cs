using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Identity;

/// <summary>Who Salesforce says the session belongs to.</summary>
/// <param name="OrgId">The user's org.</param>
/// <param name="UserId">The user.</param>
/// <param name="Email">The user's email address; null when Salesforce has none.</param>
/// <param name="IsActive">Whether the user may log in to Salesforce now.</param>
/// <param name="EmailVerified">Whether Salesforce vouches for the email; false where the endpoint does not say.</param>
/// <param name="UserType">The user type as Salesforce names it (Chatter <c>userType</c>: Internal, Guest, Portal…;
/// UserInfo <c>user_type</c>: STANDARD, GUEST, POWER_PARTNER…); null when it did not say.</param>
public sealed record SalesforceIdentity(
    SalesforceId OrgId,
    SalesforceId UserId,
    string? Email,
    bool EmailVerified,
    bool IsActive,
    string? UserType = null);
