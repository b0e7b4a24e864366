namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// Which Salesforce users may sign in: internal users always, guest users never (an unauthenticated site visitor's
/// session must not become a Cognito identity), portal and community users only when a deployment names their type.
/// Chatter's <c>userType</c> and UserInfo's <c>user_type</c> spell the same types differently; both are compared
/// without case and underscores, so <c>PowerPartner</c> and <c>POWER_PARTNER</c> are one type. Built once: the
/// common case (an internal user) costs two comparisons and no allocation per sign-in.
/// </summary>
internal sealed class UserTypes(IEnumerable<string> optedIn)
{
    private readonly HashSet<string> optedIn = [.. optedIn.Select(Normalize).Where(type => type.Length > 0 && !IsGuestType(type))];

    public static bool IsInternal(string? userType) =>
        string.Equals(userType, "Internal", StringComparison.OrdinalIgnoreCase) || string.Equals(userType, "STANDARD", StringComparison.OrdinalIgnoreCase);

    public static bool IsGuest(string? userType) => IsGuestType(Normalize(userType));

    /// <summary>Unknown (null) is refused: fail closed.</summary>
    public bool IsAllowed(string? userType)
    {
        if (IsInternal(userType))
        {
            return true;
        }

        var type = Normalize(userType);
        return type.Length > 0 && !IsGuestType(type) && optedIn.Contains(type);
    }

    private static bool IsGuestType(string normalized) => normalized is "guest" or "chatterguest";

    private static string Normalize(string? userType) =>
        (userType ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
}
