using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Core.Sessions;

/// <summary>What a JWT-based access token proves, and who it is: a known user, or an identity to find or create.</summary>
internal sealed record AccessTokenProof(SalesforceIdentity? Identity, DirectoryUser? KnownUser, Refusal? Refusal)
{
    /// <summary>When the token was issued: the time its proof was made.</summary>
    public DateTimeOffset IssuedAt { get; init; }
}

/// <summary>
/// A JWT-based access token as a sign-in: checked offline (<see cref="IAccessTokenValidator"/>), then, for a user the
/// directory already holds for this very org and user (and has not signed out since the token was issued), nothing
/// more — no Salesforce call at all. A user it does not know yet (or any user, when users are linked by email) costs one
/// Salesforce answer with the token as the bearer, for the email and the active flag the token does not carry.
/// </summary>
internal sealed partial class AccessTokenSignIn(
    SessionAuthenticator authenticator,
    IIdentityDirectory directory,
    IOptions<IdentityOptions> identityOptions,
    ILogger<AccessTokenSignIn> logger,
    IAccessTokenValidator? tokens = null)
{
    /// <summary>No validator for JWTs where this host has no Salesforce adapter.</summary>
    public static readonly Refusal NotAccepted = Refusal.InvalidRequest("JWT-based access tokens are not accepted here.");

    /// <summary>A token issued at or before the user's sign-out mark (with <see cref="SignOut.SignOutMark.ClockSkew"/>).</summary>
    public static readonly Refusal SignedOutSince = new(RefusalReason.InvalidSession, "The token was issued before the user was signed out.");

    private static readonly Refusal AnotherUser = new(RefusalReason.InvalidSession, "Salesforce names another user than the token does.");

    /// <summary>The token checked offline, with no Salesforce call.</summary>
    public ValueTask<AccessTokenCheck> CheckAsync(SalesforceSession token, CancellationToken cancellationToken) =>
        tokens?.CheckAsync(token, cancellationToken) ?? ValueTask.FromResult(AccessTokenCheck.Refused(NotAccepted));

    public async ValueTask<AccessTokenProof> ProveAsync(SalesforceSession token, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(token, cancellationToken).ConfigureAwait(false);
        if (!check.Succeeded)
        {
            LogRefused(check.Refusal.Reason);
            return new AccessTokenProof(null, null, check.Refusal);
        }

        if (identityOptions.Value.Key == IdentityKey.SalesforceUserId)
        {
            // The user's current mark, not this process's view of it: this decides a sign-in with no Salesforce call.
            var known = await directory.GetCurrentAsync(IdentityMapping.UsernameFor(check.Org.OrgId, check.UserId), cancellationToken).ConfigureAwait(false);
            if (known.Error == DirectoryError.Unavailable)
            {
                return new AccessTokenProof(null, null, Refusal.DirectoryUnavailable);
            }

            if (known.Value is { } user && Owns(user, check))
            {
                return SignOut.SignOutMark.Outlives(check.IssuedAt, user.SignedOutAt)
                    ? new AccessTokenProof(null, null, SignedOutSince)
                    : new AccessTokenProof(null, user, null) { IssuedAt = check.IssuedAt };
            }
        }

        var validation = await authenticator.AuthenticateAsync(token, check.Org, signedOutAt: null, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return new AccessTokenProof(null, null, validation.Refusal);
        }

        return validation.Identity.UserId == check.UserId
            ? new AccessTokenProof(validation.Identity, null, null) { IssuedAt = check.IssuedAt }
            : new AccessTokenProof(null, null, AnotherUser);
    }

    /// <summary>A user this product made for this very org and user, still able to sign in, with an email.</summary>
    private static bool Owns(DirectoryUser user, AccessTokenCheck check) =>
        user.Enabled && user.Confirmed && user.SalesforceOrgId == check.Org!.OrgId && user.SalesforceUserId == check.UserId
        && !string.IsNullOrEmpty(user.Email);

    [LoggerMessage(Level = LogLevel.Information, Message = "JWT access token refused: {Reason}")]
    private partial void LogRefused(RefusalReason reason);
}
