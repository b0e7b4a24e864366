namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// The directory's side of single sign-out: every refresh token of the user revoked, so the user's sign-in ends
/// (Cognito's AdminUserGlobalSignOut). Idempotent: signing out a user twice is the same as once.
/// </summary>
public interface ISignOutDirectory
{
    ValueTask<DirectorySignOut> SignOutAsync(string username, CancellationToken cancellationToken);
}
