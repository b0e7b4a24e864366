using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.InMemory;

/// <summary>
/// The directory's primitives in process memory, with Cognito's semantics: one user per username (a second create
/// is <see cref="DirectoryError.UsernameExists"/>), email lookups across every provider's users. Users are immutable
/// records, so what it hands out cannot change what it holds. One lock; a test and try-out double, not a cache.
/// </summary>
public sealed class InMemoryIdentityDirectory : IIdentityDirectory, ISignOutDirectory
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DirectoryUser> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> signOuts = new(StringComparer.Ordinal);

    /// <summary>How many times each user was signed out (tests read it).</summary>
    public int SignOutsOf(string username)
    {
        lock (gate)
        {
            return signOuts.GetValueOrDefault(username);
        }
    }

    /// <summary>Called as a sign-out begins (tests check what happened before it).</summary>
    public Action<string>? BeforeSignOut { get; set; }

    public ValueTask<DirectorySignOut> SignOutAsync(string username, DateTimeOffset signedOutAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        BeforeSignOut?.Invoke(username);
        lock (gate)
        {
            if (!users.TryGetValue(username, out var user))
            {
                return ValueTask.FromResult(DirectorySignOut.UnknownUser);
            }

            users[username] = user with { SignedOutAt = signedOutAt };
            signOuts[username] = signOuts.GetValueOrDefault(username) + 1;
            return ValueTask.FromResult(DirectorySignOut.SignedOut);
        }
    }

    /// <summary>Signing out is always allowed here.</summary>
    public ValueTask<DirectorySignOut> ProbeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(DirectorySignOut.UnknownUser);

    public ValueTask<DirectoryResult<DirectoryUser>> GetAsync(string username, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult(users.TryGetValue(username, out var user) ? user : DirectoryResult.Failed<DirectoryUser>(DirectoryError.NotFound));
        }
    }

    public ValueTask<DirectoryResult<DirectoryUser>> CreateAsync(DirectoryUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult(users.TryAdd(user.Username, user) ? user : DirectoryResult.Failed<DirectoryUser>(DirectoryError.UsernameExists));
        }
    }

    public ValueTask<DirectoryError> UpdateEmailAsync(string username, string email, bool emailVerified, CancellationToken cancellationToken) =>
        UpdateAsync(username, user => user with { Email = email, EmailVerified = emailVerified }, cancellationToken);

    public ValueTask<DirectoryError> RecordSalesforceUserAsync(string username, SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken) =>
        UpdateAsync(username, user => user with { SalesforceOrgId = orgId, SalesforceUserId = userId }, cancellationToken);

    private ValueTask<DirectoryError> UpdateAsync(string username, Func<DirectoryUser, DirectoryUser> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!users.TryGetValue(username, out var user))
            {
                return ValueTask.FromResult(DirectoryError.NotFound);
            }

            users[username] = change(user);
            return ValueTask.FromResult(DirectoryError.None);
        }
    }

    public ValueTask<DirectoryResult<IReadOnlyList<DirectoryUser>>> FindByVerifiedEmailAsync(string email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<DirectoryUser> matches = [.. users.Values.Where(user => user.EmailVerified && EmailAddress.Same(user.Email, email)).Take(2)];
            return ValueTask.FromResult(DirectoryResult.Of<IReadOnlyList<DirectoryUser>>(matches));
        }
    }

    /// <summary>Adds a user as another provider (or an administrator) would, bypassing find-or-create.</summary>
    public void Add(DirectoryUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        lock (gate)
        {
            users.Add(user.Username, user);
        }
    }

    public DirectoryUser? FindByUsername(string username)
    {
        lock (gate)
        {
            return users.GetValueOrDefault(username);
        }
    }

    public IReadOnlyList<DirectoryUser> ListUsers()
    {
        lock (gate)
        {
            return [.. users.Values];
        }
    }
}
