namespace SfCognitoSso.Core.Identity;

/// <summary>The one rule for "the same email address": equal ignoring case (what every provider in practice does,
/// although RFC 5321 lets the local part be case-sensitive).</summary>
public static class EmailAddress
{
    /// <summary>Whether two addresses are the same, ignoring case (as Cognito compares them).</summary>
    public static bool Same(string? a, string? b) =>
        !string.IsNullOrEmpty(a) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the stored text is exactly Salesforce's: a change of case alone is still written through,
    /// so the directory shows the address as Salesforce does (<see cref="Same"/> decides who a user is).</summary>
    public static bool Identical(string? stored, string? current) => string.Equals(stored, current, StringComparison.Ordinal);
}
