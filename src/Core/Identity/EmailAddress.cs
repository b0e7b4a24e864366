namespace SfCognitoSso.Core.Identity;

/// <summary>The one rule for "the same email address": equal ignoring case (what every provider in practice does,
/// although RFC 5321 lets the local part be case-sensitive).</summary>
public static class EmailAddress
{
    public static bool Same(string? a, string? b) =>
        !string.IsNullOrEmpty(a) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
