using SfCognitoSso.Core.Directory;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// The directory's side of single sign-out: the user's sign-out mark set to <paramref name="signedOutAt"/> first
/// (<see cref="DirectoryUser.SignedOutAt"/>, which Verify reads: no ticket or cached answer made before it signs the
/// user in again), then every refresh token of the user revoked, so the user's sign-in ends (Cognito's
/// AdminUpdateUserAttributes, then AdminUserGlobalSignOut). Idempotent: signing out a user twice is the same as once.
/// </summary>
public interface ISignOutDirectory
{
    ValueTask<DirectorySignOut> SignOutAsync(string username, DateTimeOffset signedOutAt, CancellationToken cancellationToken);
}
