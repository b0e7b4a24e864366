using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>Core's <see cref="DirectoryUser"/> ⇄ the pool's attributes on Cognito's wire; the reading rule itself is
/// <see cref="DirectoryUserAttributes"/>, shared with the triggers.</summary>
internal static class CognitoUserAttributes
{
    public const string Unconfirmed = "UNCONFIRMED";

    public static DirectoryUser ToUser(string username, bool enabled, List<AttributeType>? attributes, string? status = null) =>
        DirectoryUserAttributes.Read(
            username,
            name => attributes?.Find(attribute => attribute.Name == name)?.Value,
            enabled,
            confirmed: status != Unconfirmed);

    public static List<AttributeType> Of(DirectoryUser user)
    {
        var attributes = new List<AttributeType>(4);
        if (user.SalesforceOrgId is { } orgId)
        {
            attributes.Add(new AttributeType { Name = UserAttributes.SalesforceOrgId, Value = orgId.Value });
        }

        if (user.SalesforceUserId is { } userId)
        {
            attributes.Add(new AttributeType { Name = UserAttributes.SalesforceUserId, Value = userId.Value });
        }

        if (!string.IsNullOrEmpty(user.Email))
        {
            attributes.AddRange(OfEmail(user.Email, user.EmailVerified));
        }

        return attributes;
    }

    /// <summary>The Salesforce user recorded on a user linked to it by verified email.</summary>
    public static List<AttributeType> OfSalesforceUser(SalesforceId orgId, SalesforceId userId) =>
    [
        new AttributeType { Name = UserAttributes.SalesforceOrgId, Value = orgId.Value },
        new AttributeType { Name = UserAttributes.SalesforceUserId, Value = userId.Value },
    ];

    public static List<AttributeType> OfSignOutMark(DateTimeOffset signedOutAt) =>
        [new AttributeType { Name = UserAttributes.SignedOutAt, Value = SignOutMark.Format(signedOutAt) }];

    /// <summary>Cognito resets email_verified whenever email changes, so both always travel together.</summary>
    public static List<AttributeType> OfEmail(string email, bool emailVerified) =>
    [
        new AttributeType { Name = UserAttributes.Email, Value = email },
        new AttributeType { Name = UserAttributes.EmailVerified, Value = emailVerified ? "true" : "false" },
    ];
}
