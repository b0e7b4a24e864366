namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// Which Salesforce users may sign in: internal users always, guest users never (an unauthenticated site visitor's
/// session must not become a Cognito identity), portal and community users only when a deployment names their type.
/// Chatter's <c>userType</c> and UserInfo's <c>user_type</c> spell the same types differently; both are compared
/// without case and underscores, so <c>PowerPartner</c> and <c>POWER_PARTNER</c> are one type.
/// </summary>
public static class UserTypes
{
    public static bool IsInternal(string? userType) => Normalize(userType) is "internal" or "standard";

    public static bool IsGuest(string? userType) => Normalize(userType) is "guest" or "chatterguest";

    /// <summary>Unknown (null) is refused: fail closed.</summary>
    public static bool IsAllowed(string? userType, IReadOnlyCollection<string> optedIn)
    {
        ArgumentNullException.ThrowIfNull(optedIn);
        if (IsInternal(userType))
        {
            return true;
        }

        var type = Normalize(userType);
        return type.Length > 0 && !IsGuest(userType) && optedIn.Any(allowed => Normalize(allowed) == type);
    }

    private static string Normalize(string? userType) =>
        (userType ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
}
