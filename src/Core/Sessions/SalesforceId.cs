namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// A Salesforce record ID (org, user, …) held in its 18-character, case-safe form.
/// The 15-character form is case-sensitive; the three-character suffix encodes which of its letters are upper case,
/// so two IDs that differ only in case never map to the same Cognito username.
/// </summary>
public readonly record struct SalesforceId
{
    /// <summary>Key prefix of an organization ID.</summary>
    public const string OrgKeyPrefix = "00D";

    /// <summary>Key prefix of a user ID.</summary>
    public const string UserKeyPrefix = "005";

    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceId(string value) => Value = value;

    /// <summary>The 18-character form.</summary>
    public string Value { get; }

    /// <summary>The three-character key prefix that names the object type, such as 00D for orgs and 005 for users.</summary>
    public string KeyPrefix => Value[..3];

    /// <summary>Whether this is an org ID (<c>00D</c>).</summary>
    public bool IsOrg => Value is not null && KeyPrefix == OrgKeyPrefix;

    /// <summary>Whether this is a user ID (<c>005</c>).</summary>
    public bool IsUser => Value is not null && KeyPrefix == UserKeyPrefix;

    /// <summary>Accepts a 15- or 18-character ID; an 18-character one must carry the right suffix for its first 15.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SalesforceId id)
    {
        id = default;
        if (text.Length is not (15 or 18) || !IsAsciiAlphanumeric(text))
        {
            return false;
        }

        var fifteen = text[..15];
        Span<char> suffix = stackalloc char[3];
        WriteSuffix(fifteen, suffix);
        if (text.Length == 18 && !text[15..].Equals(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        id = new SalesforceId(string.Concat(fifteen, suffix));
        return true;
    }

    /// <summary>An organization's ID (key prefix 00D), in either form.</summary>
    public static bool TryParseOrg(ReadOnlySpan<char> text, out SalesforceId orgId) =>
        TryParseWithPrefix(text, OrgKeyPrefix, out orgId);

    /// <summary>A user's ID (key prefix 005), in either form.</summary>
    public static bool TryParseUser(ReadOnlySpan<char> text, out SalesforceId userId) =>
        TryParseWithPrefix(text, UserKeyPrefix, out userId);

    /// <summary>Parses a 15- or 18-character ID; throws when it is not one.</summary>
    public static SalesforceId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("Not a 15- or 18-character Salesforce ID.");

    /// <summary>The 18-character form.</summary>
    public override string ToString() => Value ?? string.Empty;

    private static bool TryParseWithPrefix(ReadOnlySpan<char> text, string keyPrefix, out SalesforceId id)
    {
        if (text.StartsWith(keyPrefix, StringComparison.Ordinal) && TryParse(text, out id))
        {
            return true;
        }

        id = default;
        return false;
    }

    private static void WriteSuffix(ReadOnlySpan<char> fifteen, Span<char> suffix)
    {
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var position = 0; position < 5; position++)
            {
                if (char.IsAsciiLetterUpper(fifteen[(chunk * 5) + position]))
                {
                    bits |= 1 << position;
                }
            }

            suffix[chunk] = SuffixAlphabet[bits];
        }
    }

    private static bool IsAsciiAlphanumeric(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
