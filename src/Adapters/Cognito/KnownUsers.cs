using System.Collections.Concurrent;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// Identity → Cognito user for a short while, so a burst of logins by one user costs one Cognito read. An entry
/// is used only while Salesforce still reports the same email, so an email change always reaches Cognito.
/// </summary>
internal sealed class KnownUsers(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(SalesforceId Org, SalesforceId User), Entry> entries = new();

    public DirectoryUser? Find(SalesforceIdentity identity)
    {
        if (!entries.TryGetValue((identity.OrgId, identity.UserId), out var entry))
        {
            return null;
        }

        if (timeProvider.GetUtcNow() >= entry.ExpiresAt
            || !string.Equals(entry.Email, identity.Email, StringComparison.Ordinal)
            || entry.EmailVerified != identity.EmailVerified)
        {
            entries.TryRemove(new KeyValuePair<(SalesforceId, SalesforceId), Entry>((identity.OrgId, identity.UserId), entry));
            return null;
        }

        return entry.User;
    }

    public void Remember(SalesforceIdentity identity, DirectoryUser user)
    {
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[(identity.OrgId, identity.UserId)] =
            new Entry(user, identity.Email, identity.EmailVerified, timeProvider.GetUtcNow() + Lifetime);
    }

    private sealed record Entry(DirectoryUser User, string? Email, bool EmailVerified, DateTimeOffset ExpiresAt);
}
