using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Identity;

/// <summary>Who Salesforce says the session belongs to.</summary>
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
