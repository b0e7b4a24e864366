using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>A user as the pool holds it. Attribute values are strings, as on the wire.</summary>
public sealed record PoolUser(
    string Username,
    IReadOnlyDictionary<string, string> Attributes,
    bool Enabled,
    string Status,
    DateTimeOffset Created,
    DateTimeOffset Modified)
{
    public string Sub => Attributes["sub"];
}

/// <summary>The pool's users, in memory. Every change is atomic, so concurrent first sign-ins create one user.</summary>
public sealed partial class PoolUsers(TimeProvider time, IOptions<LocalCognitoOptions> options)
{
    /// <summary>What AdminCreateUser gives a user created without a password: custom auth still works for it.</summary>
    public const string ForceChangePassword = "FORCE_CHANGE_PASSWORD";

    public const int MaxListLimit = 60;

    // Cognito's standard attributes; the pool's own custom ones come from its options. Anything else is refused as
    // Cognito does for attributes missing from the pool's schema.
    private static readonly string[] StandardAttributes =
    [
        "email", "email_verified", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
        "phone_number", "phone_number_verified", "locale", "zoneinfo", "picture", "profile", "website", "updated_at",
    ];

    private readonly HashSet<string> schema = new([.. StandardAttributes, .. options.Value.CustomAttributes], StringComparer.Ordinal);

    // ListUsers can search these (not custom attributes), per the API reference.
    private static readonly HashSet<string> Searchable = new(StringComparer.Ordinal)
    {
        "username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
        "cognito:user_status", "status", "sub",
    };

    private readonly Dictionary<string, PoolUser> users = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public PoolUser? Find(string username)
    {
        lock (gate)
        {
            return users.GetValueOrDefault(username);
        }
    }

    public PoolUser Create(string username, IReadOnlyDictionary<string, string> attributes)
    {
        if (string.IsNullOrEmpty(username) || username.Length > 128 || username.Any(char.IsWhiteSpace))
        {
            throw UserPoolException.InvalidParameter("1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
        }

        CheckSchema(attributes);
        var now = time.GetUtcNow();
        var all = new Dictionary<string, string>(attributes, StringComparer.Ordinal) { ["sub"] = Guid.NewGuid().ToString() };
        var user = new PoolUser(username, all, Enabled: true, ForceChangePassword, now, now);
        lock (gate)
        {
            if (!users.TryAdd(username, user))
            {
                throw new UserPoolException("UsernameExistsException", "User account already exists");
            }
        }

        return user;
    }

    public void UpdateAttributes(string username, IReadOnlyDictionary<string, string> attributes)
    {
        CheckSchema(attributes);
        lock (gate)
        {
            var user = users.GetValueOrDefault(username) ?? throw UserPoolException.UserNotFound();
            var all = new Dictionary<string, string>(user.Attributes, StringComparer.Ordinal);
            foreach (var (name, value) in attributes)
            {
                all[name] = value;
            }

            users[username] = user with { Attributes = all, Modified = time.GetUtcNow() };
        }
    }

    public void SetEnabled(string username, bool enabled)
    {
        lock (gate)
        {
            var user = users.GetValueOrDefault(username) ?? throw UserPoolException.UserNotFound();
            users[username] = user with { Enabled = enabled, Modified = time.GetUtcNow() };
        }
    }

    /// <summary>ListUsers: an optional <c>attribute = "value"</c> or <c>attribute ^= "prefix"</c> filter, pages in
    /// username order, the pagination token being the last username returned.</summary>
    public (IReadOnlyList<PoolUser> Page, string? NextToken) List(string? filter, int? limit, string? paginationToken)
    {
        var take = limit ?? MaxListLimit;
        if (take is < 0 or > MaxListLimit)
        {
            throw UserPoolException.InvalidParameter(
                $"1 validation error detected: Value '{take}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to {MaxListLimit}");
        }

        var match = Matcher(filter);
        List<PoolUser> matching;
        lock (gate)
        {
            matching = [.. users.Values
                .Where(user => paginationToken is null || string.CompareOrdinal(user.Username, paginationToken) > 0)
                .Where(match)
                .OrderBy(user => user.Username, StringComparer.Ordinal)];
        }

        var page = matching.Take(take).ToList();
        return (page, matching.Count > page.Count && page.Count > 0 ? page[^1].Username : null);
    }

    private static Func<PoolUser, bool> Matcher(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }

        var parsed = FilterPattern().Match(filter);
        if (!parsed.Success || !Searchable.Contains(parsed.Groups["name"].Value))
        {
            throw UserPoolException.InvalidParameter("Error while parsing filter.");
        }

        var name = parsed.Groups["name"].Value;
        var value = Unescape(parsed.Groups["value"].Value);
        var prefix = parsed.Groups["op"].Value == "^=";
        return user =>
        {
            var actual = name switch
            {
                "username" => user.Username,
                "cognito:user_status" or "status" => user.Status,
                _ => user.Attributes.GetValueOrDefault(name),
            };
            return actual is not null && (prefix ? actual.StartsWith(value, StringComparison.Ordinal) : actual == value);
        };
    }

    private static string Unescape(string quoted) => EscapePattern().Replace(quoted, match => match.Groups[1].Value);

    private void CheckSchema(IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var name in attributes.Keys)
        {
            if (name == "sub")
            {
                throw UserPoolException.InvalidParameter("Cannot modify an already provided sub attribute");
            }

            if (!schema.Contains(name))
            {
                throw UserPoolException.InvalidParameter(
                    $"Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined");
            }
        }
    }

    [GeneratedRegex("""^\s*(?<name>[\w:]+)\s*(?<op>\^?=)\s*"(?<value>(?:[^"\\]|\\.)*)"\s*$""")]
    private static partial Regex FilterPattern();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex EscapePattern();
}
