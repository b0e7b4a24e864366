using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Core.Directory;

/// <summary>
/// The one reading of a pool user's attributes (<see cref="UserAttributes"/>) as a <see cref="DirectoryUser"/>, for
/// every edge that receives them: the directory's answers and the triggers' events. A missing or malformed attribute
/// reads as absent, never as a match; <c>email_verified</c> is Cognito's string "true" in any case.
/// </summary>
public static class DirectoryUserAttributes
{
    /// <summary>Reads a user from the directory's attributes, by name.</summary>
    public static DirectoryUser Read(string username, Func<string, string?> attribute, bool enabled = true, bool confirmed = true)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return new DirectoryUser(
            username,
            attribute(UserAttributes.Email),
            string.Equals(attribute(UserAttributes.EmailVerified), "true", StringComparison.OrdinalIgnoreCase),
            SalesforceId.TryParseOrg(attribute(UserAttributes.SalesforceOrgId), out var orgId) ? orgId : null,
            SalesforceId.TryParseUser(attribute(UserAttributes.SalesforceUserId), out var userId) ? userId : null,
            enabled,
            confirmed,
            SignOutMark.Parse(attribute(UserAttributes.SignedOutAt)));
    }
}
