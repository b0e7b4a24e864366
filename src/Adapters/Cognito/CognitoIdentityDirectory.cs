using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// The directory's primitives over a Cognito user pool: AdminGetUser, AdminCreateUser (invitation suppressed),
/// AdminUpdateUserAttributes and, for email lookups only, ListUsers (which Cognito caps far lower). A user read or
/// created here is remembered for <see cref="KnownUserLifetime"/>, so a burst of logins by one user costs one read.
/// Cognito's messages are never passed on: each error becomes a <see cref="DirectoryError"/> and its type is logged.
/// </summary>
public sealed partial class CognitoIdentityDirectory(
    CognitoApiClient cognito,
    [FromKeyedServices(CognitoIdentityDirectory.KnownUsersKey)] IMemoryCache knownUsers,
    ILogger<CognitoIdentityDirectory> logger,
    CognitoSignOutPacing? pacing = null) : IIdentityDirectory, ISignOutDirectory
{
    /// <summary>Service key of the size-limited cache of known users.</summary>
    public const string KnownUsersKey = "SfCognitoSso.Cognito.KnownUsers";

    /// <summary>Most users the cache holds; each entry counts 1.</summary>
    public const int KnownUsersCapacity = 10_000;

    public static readonly TimeSpan KnownUserLifetime = TimeSpan.FromSeconds(30);

    private const int ListPageSize = 60;
    private const int MaxListPages = 5;

    public async ValueTask<DirectoryResult<DirectoryUser>> GetAsync(string username, CancellationToken cancellationToken)
    {
        if (knownUsers.TryGetValue(username, out DirectoryUser? known) && known is not null)
        {
            return known;
        }

        return await GetCurrentAsync(username, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AdminGetUser, whatever this process remembers (another instance may have signed the user out since);
    /// the answer replaces what it remembered.</summary>
    public async ValueTask<DirectoryResult<DirectoryUser>> GetCurrentAsync(string username, CancellationToken cancellationToken)
    {
        var got = await cognito.AdminGetUserAsync(username, cancellationToken).ConfigureAwait(false);
        if (!got.Succeeded)
        {
            return Refuse("AdminGetUser", got.Error);
        }

        return Remember(CognitoUserAttributes.ToUser(got.Value.Username ?? username, got.Value.Enabled, got.Value.UserAttributes, got.Value.UserStatus));
    }

    public async ValueTask<DirectoryResult<DirectoryUser>> CreateAsync(DirectoryUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var created = await cognito.AdminCreateUserAsync(user.Username, CognitoUserAttributes.Of(user), cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return Refuse("AdminCreateUser", created.Error);
        }

        return Remember(created.Value.User?.Attributes is { Count: > 0 } attributes
            ? CognitoUserAttributes.ToUser(created.Value.User.Username ?? user.Username, created.Value.User.Enabled, attributes)
            : user);
    }

    /// <summary>Two UserUpdate calls, each paced (<see cref="CognitoSignOutPacing"/>); Cognito's throttling is
    /// <see cref="DirectorySignOut.Throttled"/>, for the caller to wait out, never a failure of this user's sign-out.</summary>
    public async ValueTask<DirectorySignOut> SignOutAsync(string username, DateTimeOffset signedOutAt, CancellationToken cancellationToken)
    {
        // The mark first: once the refresh tokens are revoked, a proof made before it must already be refused.
        knownUsers.Remove(username);
        if (pacing is not null && !await pacing.WaitTurnAsync(cancellationToken).ConfigureAwait(false))
        {
            return DirectorySignOut.Throttled;
        }

        var marked = await cognito.AdminUpdateUserAttributesAsync(
            username,
            CognitoUserAttributes.OfSignOutMark(signedOutAt),
            cancellationToken).ConfigureAwait(false);
        if (!marked.Succeeded)
        {
            return SignOutRefusal("AdminUpdateUserAttributes", marked.Error);
        }

        if (pacing is not null && !await pacing.WaitTurnAsync(cancellationToken).ConfigureAwait(false))
        {
            return DirectorySignOut.Throttled;
        }

        var signedOut = await cognito.AdminUserGlobalSignOutAsync(username, cancellationToken).ConfigureAwait(false);
        return signedOut.Succeeded ? DirectorySignOut.SignedOut : SignOutRefusal("AdminUserGlobalSignOut", signedOut.Error);
    }

    /// <summary>A username no first sign-in makes (a user ID of zeros): Cognito answers UserNotFoundException only
    /// after IAM allowed the call, so that answer proves the permission and changes nothing.</summary>
    public async ValueTask<DirectorySignOut> ProbeAsync(CancellationToken cancellationToken)
    {
        var probed = await cognito.AdminUserGlobalSignOutAsync(ProbeUsername, cancellationToken).ConfigureAwait(false);
        return probed.Succeeded ? DirectorySignOut.SignedOut : SignOutRefusal("AdminUserGlobalSignOut (start-up check)", probed.Error);
    }

    /// <summary>Not a Salesforce user ID any org issues: the probe's user cannot exist.</summary>
    public const string ProbeUsername = "sf_000000000000000AAA_005000000000000AAA";

    private DirectorySignOut SignOutRefusal(string operation, CognitoError error) => error.Kind == CognitoErrorKind.Throttled
        ? DirectorySignOut.Throttled
        : Refuse(operation, error) == DirectoryError.NotFound ? DirectorySignOut.UnknownUser : DirectorySignOut.Unavailable;

    public async ValueTask<DirectoryError> RecordSalesforceUserAsync(string username, SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken)
    {
        knownUsers.Remove(username);
        var updated = await cognito.AdminUpdateUserAttributesAsync(
            username,
            CognitoUserAttributes.OfSalesforceUser(orgId, userId),
            cancellationToken).ConfigureAwait(false);
        return updated.Succeeded ? DirectoryError.None : Refuse("AdminUpdateUserAttributes", updated.Error);
    }

    public async ValueTask<DirectoryError> UpdateEmailAsync(string username, string email, bool emailVerified, CancellationToken cancellationToken)
    {
        knownUsers.Remove(username);
        var updated = await cognito.AdminUpdateUserAttributesAsync(
            username, CognitoUserAttributes.OfEmail(email, emailVerified), cancellationToken).ConfigureAwait(false);
        return updated.Succeeded ? DirectoryError.None : Refuse("AdminUpdateUserAttributes", updated.Error);
    }

    public async ValueTask<DirectoryResult<IReadOnlyList<DirectoryUser>>> FindByVerifiedEmailAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var found = await FindByExactEmailAsync(email, cancellationToken).ConfigureAwait(false);
        var lowercase = email.ToLowerInvariant();
        if (found is { Succeeded: true, Value.Count: 0 } && lowercase != email)
        {
            // Cognito's email filter matches exactly; most providers store addresses in lower case.
            found = await FindByExactEmailAsync(lowercase, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    private async ValueTask<DirectoryResult<IReadOnlyList<DirectoryUser>>> FindByExactEmailAsync(string email, CancellationToken cancellationToken)
    {
        var filter = CognitoApiClient.EqualsFilter(UserAttributes.Email, email);
        var matches = new List<DirectoryUser>(2);
        string? page = null;
        for (var pages = 0; pages < MaxListPages && matches.Count < 2; pages++)
        {
            var listed = await cognito.ListUsersAsync(filter, ListPageSize, page, cancellationToken).ConfigureAwait(false);
            if (!listed.Succeeded)
            {
                return Refuse("ListUsers", listed.Error);
            }

            foreach (var listedUser in listed.Value.Users ?? [])
            {
                var user = CognitoUserAttributes.ToUser(listedUser.Username ?? string.Empty, listedUser.Enabled, listedUser.Attributes, listedUser.UserStatus);
                if (user.EmailVerified && EmailAddress.Same(user.Email, email) && matches.Count < 2)
                {
                    matches.Add(user);
                }
            }

            page = listed.Value.PaginationToken;
            if (string.IsNullOrEmpty(page))
            {
                break;
            }
        }

        return matches;
    }

    private DirectoryUser Remember(DirectoryUser user)
    {
        using (var entry = knownUsers.CreateEntry(user.Username))
        {
            entry.Value = user;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = KnownUserLifetime;
        }

        return user;
    }

    private DirectoryError Refuse(string operation, CognitoError error)
    {
        var refusal = error.Kind switch
        {
            CognitoErrorKind.UserNotFound => DirectoryError.NotFound,
            CognitoErrorKind.UsernameExists => DirectoryError.UsernameExists,
            CognitoErrorKind.AliasExists => DirectoryError.EmailTaken,
            _ => DirectoryError.Unavailable,
        };
        if (refusal == DirectoryError.Unavailable)
        {
            LogCognitoError(operation, error.Type, error.Status);
        }

        return refusal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cognito {Operation} failed: {ErrorType} (HTTP {Status})")]
    private partial void LogCognitoError(string operation, string errorType, int status);
}
