using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Directory;

/// <summary>A user of the directory as Core sees it. Adapters map their own attribute names to these fields.</summary>
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
