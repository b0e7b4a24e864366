namespace SfCognitoSso.Core.Identity;

/// <summary>Settings under <c>Identity__…</c>.</summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Identity";

    /// <summary>How a Salesforce user is matched to a directory user (<c>Identity__Key</c>).</summary>
    public IdentityKey Key { get; set; } = IdentityKey.SalesforceUserId;
}
