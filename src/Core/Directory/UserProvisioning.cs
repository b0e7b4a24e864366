using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Directory;

/// <summary>
/// Find-or-create, the one policy over every <see cref="IIdentityDirectory"/>: in <see cref="IdentityKey.Email"/>
/// mode first the one user with this verified email (two or more: ambiguous); else the user named after the
/// Salesforce IDs, its email kept in step with Salesforce; else a new one. Never a random part: a lost creation race
/// (<see cref="DirectoryError.UsernameExists"/>) reads the winner back, so concurrent first logins end with one user.
/// </summary>
internal sealed partial class UserProvisioning(
    IIdentityDirectory directory,
    IOptions<IdentityOptions> identityOptions,
    ILogger<UserProvisioning> logger,
    SignOut.ILinkedUsers? links = null)
{
    private readonly IdentityKey identityKey = identityOptions.Value.Key;

    public async ValueTask<DirectoryOutcome> FindOrCreateAsync(SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identityKey == IdentityKey.Email && !string.IsNullOrEmpty(identity.Email))
        {
            var matches = await directory.FindByVerifiedEmailAsync(identity.Email, cancellationToken).ConfigureAwait(false);
            if (!matches.Succeeded)
            {
                return Refuse("find by email", matches.Error);
            }

            switch (matches.Value.Count)
            {
                case 0:
                    break;
                case 1 when IdentityMapping.RecordsAnotherUser(identity, matches.Value[0]):
                    // Same verified address, but recorded as another Salesforce user's: never hand it over.
                    LogConflict(identity.OrgId.Value);
                    return DirectoryOutcome.Refused(Refusal.IdentityConflict);
                case 1:
                    var linked = await LinkAsync(identity, matches.Value[0], cancellationToken).ConfigureAwait(false);
                    if (linked.Succeeded && links is not null)
                    {
                        // At every such sign-in: single sign-out finds the user by these IDs, whatever the address becomes.
                        await links.RememberAsync(identity.OrgId, identity.UserId, linked.User.Username, cancellationToken).ConfigureAwait(false);
                    }

                    return linked;
                default:
                    return DirectoryOutcome.Refused(Refusal.AmbiguousUser);
            }
        }

        var username = IdentityMapping.UsernameFor(identity);
        if (await FindAsync(identity, username, cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        var created = await directory.CreateAsync(IdentityMapping.NewUser(identity), cancellationToken).ConfigureAwait(false);
        if (created.Succeeded)
        {
            LogCreated(identity.OrgId.Value);
            return DirectoryOutcome.NewUser(created.Value);
        }

        return created.Error switch
        {
            // Another login created it between our read and our create: read the winner back.
            DirectoryError.UsernameExists => await FindAsync(identity, username, cancellationToken).ConfigureAwait(false)
                ?? Refuse("read back", DirectoryError.NotFound),
            _ => Refuse("create", created.Error),
        };
    }

    /// <summary>
    /// The user found by verified email, with this Salesforce user recorded on it (once): single sign-out finds a
    /// linked user by its Salesforce email and these IDs, and never signs out another provider's user who merely
    /// shares the address.
    /// </summary>
    private async ValueTask<DirectoryOutcome> LinkAsync(SalesforceIdentity identity, DirectoryUser user, CancellationToken cancellationToken)
    {
        if (user.SalesforceOrgId == identity.OrgId && user.SalesforceUserId == identity.UserId)
        {
            return DirectoryOutcome.Found(user);
        }

        var recorded = await directory.RecordSalesforceUserAsync(user.Username, identity.OrgId, identity.UserId, cancellationToken).ConfigureAwait(false);
        if (recorded != DirectoryError.None)
        {
            return Refuse("record the linked Salesforce user", recorded);
        }

        LogLinked(identity.OrgId.Value);
        return DirectoryOutcome.Found(user with { SalesforceOrgId = identity.OrgId, SalesforceUserId = identity.UserId });
    }

    /// <summary>The user with this username, its email brought in line with Salesforce; null when there is none.</summary>
    private async ValueTask<DirectoryOutcome?> FindAsync(SalesforceIdentity identity, string username, CancellationToken cancellationToken)
    {
        var got = await directory.GetAsync(username, cancellationToken).ConfigureAwait(false);
        if (!got.Succeeded)
        {
            return got.Error == DirectoryError.NotFound ? null : Refuse("get", got.Error);
        }

        var user = got.Value;
        if (!user.Enabled)
        {
            return DirectoryOutcome.Refused(Refusal.DirectoryUserDisabled);
        }

        // A user with our name that is not this Salesforce user's (self-registered first, or never confirmed) is
        // left as it is: returning it would sign the squatter in; rewriting it would hand its account over.
        if (!user.Confirmed || user.SalesforceOrgId != identity.OrgId || user.SalesforceUserId != identity.UserId)
        {
            LogConflict(identity.OrgId.Value);
            return DirectoryOutcome.Refused(Refusal.IdentityConflict);
        }

        if (identity.Email is { } email
            && (!EmailAddress.Identical(user.Email, email) || user.EmailVerified != identity.EmailVerified))
        {
            var updated = await directory.UpdateEmailAsync(user.Username, email, identity.EmailVerified, cancellationToken).ConfigureAwait(false);
            if (updated != DirectoryError.None)
            {
                return Refuse("update email", updated);
            }

            user = user with { Email = email, EmailVerified = identity.EmailVerified };
        }

        return DirectoryOutcome.Found(user);
    }

    private DirectoryOutcome Refuse(string operation, DirectoryError error)
    {
        LogRefused(operation, error);
        return DirectoryOutcome.Refused(error == DirectoryError.EmailTaken ? Refusal.EmailTaken : Refusal.DirectoryUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked a directory user to a Salesforce user of org {OrgId} by verified email, and recorded the Salesforce user on it")]
    private partial void LogLinked(string orgId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the directory user of a Salesforce user of org {OrgId}")]
    private partial void LogCreated(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A directory user named after a Salesforce user of org {OrgId} does not belong to it; refused")]
    private partial void LogConflict(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory {Operation} refused: {Error}")]
    private partial void LogRefused(string operation, DirectoryError error);
}
