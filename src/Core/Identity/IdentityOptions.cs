namespace SfCognitoSso.Core.Identity;

/// <summary>Settings under <c>Identity__…</c>.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public IdentityKey Key { get; set; } = IdentityKey.SalesforceUserId;
}
