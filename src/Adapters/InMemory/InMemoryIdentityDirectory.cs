using Microsoft.Extensions.Options;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Adapters.InMemory;

/// <summary>
/// A user directory in process memory, with Cognito's find-or-create semantics: one user per username, email
/// lookup across every provider's users in <see cref="IdentityKey.Email"/> mode, and email kept in step with
/// Salesforce. One lock keeps every read-modify-write atomic; it is a test and local-stack double, not a cache.
/// </summary>
public sealed class InMemoryIdentityDirectory(IOptions<IdentityOptions> options) : IIdentityDirectory
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, string>> users = new(StringComparer.Ordinal);
    private readonly IdentityKey identityKey = options.Value.Key;

    public ValueTask<DirectoryOutcome> FindOrCreateAsync(SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (identityKey == IdentityKey.Email)
            {
                var matches = FindByEmailLocked(identity.Email);
                if (matches.Count > 1)
                {
                    return ValueTask.FromResult(DirectoryOutcome.Refused(Failure.AmbiguousUser));
                }

                if (matches.Count == 1)
                {
                    return ValueTask.FromResult(DirectoryOutcome.Found(matches[0]));
                }
            }

            var username = IdentityMapping.UsernameFor(identity);
            var wanted = IdentityMapping.AttributesFor(identity);
            if (users.TryGetValue(username, out var attributes))
            {
                foreach (var name in (ReadOnlySpan<string>)[IdentityMapping.EmailAttribute, IdentityMapping.EmailVerifiedAttribute])
                {
                    if (wanted.TryGetValue(name, out var value))
                    {
                        attributes[name] = value;
                    }
                }

                return ValueTask.FromResult(DirectoryOutcome.Found(Snapshot(username, attributes)));
            }

            users[username] = wanted;
            return ValueTask.FromResult(DirectoryOutcome.NewUser(Snapshot(username, wanted)));
        }
    }

    /// <summary>Adds a user as another provider (or an administrator) would, bypassing find-or-create.</summary>
    public void Add(string username, IReadOnlyDictionary<string, string> attributes)
    {
        lock (gate)
        {
            users.Add(username, new Dictionary<string, string>(attributes, StringComparer.Ordinal));
        }
    }

    public DirectoryUser? FindByUsername(string username)
    {
        lock (gate)
        {
            return users.TryGetValue(username, out var attributes) ? Snapshot(username, attributes) : null;
        }
    }

    /// <summary>Users whose verified email equals this one, ignoring case.</summary>
    public IReadOnlyList<DirectoryUser> FindByEmail(string? email)
    {
        lock (gate)
        {
            return FindByEmailLocked(email);
        }
    }

    public IReadOnlyList<DirectoryUser> ListUsers()
    {
        lock (gate)
        {
            return [.. users.Select(user => Snapshot(user.Key, user.Value))];
        }
    }

    private List<DirectoryUser> FindByEmailLocked(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return [];
        }

        return [.. users
            .Where(user => user.Value.TryGetValue(IdentityMapping.EmailAttribute, out var candidate)
                && string.Equals(candidate, email, StringComparison.OrdinalIgnoreCase)
                && user.Value.TryGetValue(IdentityMapping.EmailVerifiedAttribute, out var verified)
                && string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase))
            .Select(user => Snapshot(user.Key, user.Value))];
    }

    private static DirectoryUser Snapshot(string username, Dictionary<string, string> attributes) =>
        new(username, new Dictionary<string, string>(attributes, StringComparer.Ordinal));
}
