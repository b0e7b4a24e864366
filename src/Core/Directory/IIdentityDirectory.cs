using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Directory;

/// <summary>
/// Port: the Cognito user directory, as the primitive operations every directory has. The find-or-create policy
/// built on them is Core's (<see cref="UserProvisioning"/>), so a new directory is a small adapter.
/// Expected outcomes never throw: each is a value or a <see cref="DirectoryError"/>.
/// </summary>
public interface IIdentityDirectory
{
    /// <summary>The user with this username, or <see cref="DirectoryError.NotFound"/>.</summary>
    ValueTask<DirectoryResult<DirectoryUser>> GetAsync(string username, CancellationToken cancellationToken);

    /// <summary>As <see cref="GetAsync"/>, read from the directory itself and never from a view this process keeps:
    /// for a decision a sign-out mark written by another instance must reach (a sign-in on a JWT alone). A directory
    /// that keeps no view answers as <see cref="GetAsync"/>.</summary>
    ValueTask<DirectoryResult<DirectoryUser>> GetCurrentAsync(string username, CancellationToken cancellationToken) => GetAsync(username, cancellationToken);

    /// <summary>Creates the user, or answers <see cref="DirectoryError.UsernameExists"/> (someone else created it
    /// first) or <see cref="DirectoryError.EmailTaken"/> (another user holds the address as an alias).</summary>
    ValueTask<DirectoryResult<DirectoryUser>> CreateAsync(DirectoryUser user, CancellationToken cancellationToken);

    /// <summary>Sets the email and whether it is verified, together (Cognito resets one when the other changes).</summary>
    ValueTask<DirectoryError> UpdateEmailAsync(string username, string email, bool emailVerified, CancellationToken cancellationToken);

    /// <summary>Users whose verified email is this one ignoring case (<see cref="Identity.EmailAddress.Same"/>); at
    /// most two, which is enough to tell "one" from "ambiguous".</summary>
    ValueTask<DirectoryResult<IReadOnlyList<DirectoryUser>>> FindByVerifiedEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Records a Salesforce user on a user another provider made, linked to it by verified email (Email
    /// mode): the org and user IDs, which single sign-out and Verify then read.</summary>
    ValueTask<DirectoryError> RecordSalesforceUserAsync(string username, SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken);
}
