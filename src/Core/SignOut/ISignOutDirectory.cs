using SfCognitoSso.Core.Directory;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// The directory's side of single sign-out: the user's sign-out mark set to the sign-out time first
/// (<see cref="DirectoryUser.SignedOutAt"/>, which Verify reads: no ticket or cached answer made before it signs the
/// user in again), then every refresh token of the user revoked, so the user's sign-in ends (Cognito's
/// AdminUpdateUserAttributes, then AdminUserGlobalSignOut). Idempotent: signing out a user twice is the same as once.
/// </summary>
public interface ISignOutDirectory
{
    /// <summary>Writes the sign-out mark on the user, then revokes the user's refresh tokens.</summary>
    ValueTask<DirectorySignOut> SignOutAsync(string username, DateTimeOffset signedOutAt, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this deployment may sign users out at all, asked without signing anyone out: the revoking call for a
    /// user that cannot exist. <see cref="DirectorySignOut.UnknownUser"/> means allowed; anything else (Cognito's
    /// AccessDenied where IAM does not grant AdminUserGlobalSignOut) means every sign-out would fail.
    /// </summary>
    ValueTask<DirectorySignOut> ProbeAsync(CancellationToken cancellationToken);
}
