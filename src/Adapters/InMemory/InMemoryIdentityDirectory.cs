using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Adapters.InMemory;

/// <summary>
/// The directory's primitives in process memory, with Cognito's semantics: one user per username (a second create
/// is <see cref="DirectoryError.UsernameExists"/>), email lookups across every provider's users. Users are immutable
/// records, so what it hands out cannot change what it holds. One lock; a test and try-out double, not a cache.
/// </summary>
public sealed class InMemoryIdentityDirectory : IIdentityDirectory
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DirectoryUser> users = new(StringComparer.Ordinal);

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

    public ValueTask<DirectoryError> UpdateEmailAsync(string username, string email, bool emailVerified, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!users.TryGetValue(username, out var user))
            {
                return ValueTask.FromResult(DirectoryError.NotFound);
            }

            users[username] = user with { Email = email, EmailVerified = emailVerified };
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
