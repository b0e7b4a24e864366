using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Directory;

/// <summary>A user of the directory as Core sees it. Adapters map their own attribute names to these fields.</summary>
/// <param name="Username">The directory's username (<c>sf_&lt;org18&gt;_&lt;user18&gt;</c> for users we made).</param>
/// <param name="Email">The user's email address, if any.</param>
/// <param name="EmailVerified">Whether the directory holds the address as verified.</param>
/// <param name="Enabled">False for a user an administrator disabled.</param>
/// <param name="SalesforceOrgId">The org recorded on the user; null for a user another provider made.</param>
/// <param name="SalesforceUserId">The Salesforce user recorded on the user; null for a user another provider made.</param>
/// <param name="Confirmed">False for a user who signed themselves up and never confirmed (Cognito's UNCONFIRMED).</param>
/// <param name="SignedOutAt">When single sign-out last ended the user's sign-in; null if it never did.</param>
public sealed record DirectoryUser(
    string Username,
    string? Email,
    bool EmailVerified,
    SalesforceId? SalesforceOrgId,
    SalesforceId? SalesforceUserId,
    bool Enabled = true,
    bool Confirmed = true,
    DateTimeOffset? SignedOutAt = null);
