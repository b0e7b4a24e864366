using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Reuses a successful validation for <c>Cache__TtlSeconds</c>, so the verify trigger does not ask Salesforce again
/// about the session the validator endpoint just checked (with Redis, even on another host). Keyed by the session's
/// SHA-256; only identities Core accepts (<see cref="IdentityAcceptance"/>) are stored; failures never are. A cache
/// fault falls back to asking Salesforce. A shared entry carries the validator's ES256 signature
/// (<c>Ticket__SigningKey</c>) over the session's hash, the identity and the expiry, checked with its public keys: an
/// entry someone wrote into Redis, moved to another session's key or kept past its expiry is a miss, logged as
/// tampering (<see cref="SignedValidationCache"/>). Only a host holding the private key writes shared entries; the
/// triggers hold public keys only. This class decides what is reused; the cache keeps, signs and checks.
/// </summary>
internal sealed class CachedSessionValidator(
    SalesforceSessionValidator inner,
    IdentityAcceptance acceptance,
    SignedValidationCache cache,
    SignOutMarksInUse? signOutMarks = null) : ISessionValidator, ISessionRevocations
{
    public ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken) =>
        ValidateAsync(session, org, signedOutAt: null, cancellationToken);

    /// <summary>An entry written at or before the user's sign-out mark (which Verify reads from the user itself) is a
    /// miss: this is what keeps Verify's own cache — in a process no Redis mark reaches — from outliving a sign-out.</summary>
    public ValueTask<SessionValidation> ValidateSignedOutUserAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset signedOutAt, CancellationToken cancellationToken) =>
        ValidateAsync(session, org, (DateTimeOffset?)signedOutAt, cancellationToken);

    /// <summary>Marks the user signed out now: for as long as an entry can live, none written before the mark is used
    /// (the validator's and, through Redis, Verify's). Shared only by a host that signs.</summary>
    public ValueTask RevokeAsync(SalesforceId orgId, SalesforceId userId, DateTimeOffset signedOutAt, CancellationToken cancellationToken) =>
        cache.MarkSignedOutAsync(orgId, userId, signedOutAt, cancellationToken);

    private async ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset? signedOutAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(org);
        var sessionHash = session.ToHashKey();
        // The org is compared with the session's by Core, as for an answer straight from Salesforce.
        if (await cache.ReadAsync(sessionHash, org, cancellationToken).ConfigureAwait(false) is { } cached
            && SalesforceId.TryParseOrg(cached.OrgId, out var orgId)
            && SalesforceId.TryParseUser(cached.UserId, out var userId)
            // Only an entry written where single sign-out runs can have been revoked: no second read for the others.
            && !SignOutMark.Outlives(cache.WrittenAt(cached), signedOutAt)
            && (!cached.Revocable || !await cache.SignedOutSinceAsync(orgId, userId, cached, cancellationToken).ConfigureAwait(false)))
        {
            // The entry's own time goes with it: a ticket minted on it vouches for that moment, not for now.
            return SessionValidation.Valid(new SalesforceIdentity(orgId, userId, cached.Email, cached.EmailVerified, IsActive: true, cached.UserType)) with
            {
                ProvenAt = cache.WrittenAt(cached),
            };
        }

        var result = await inner.ValidateAsync(session, org, cancellationToken).ConfigureAwait(false);
        if (result is { IsValid: true, Identity: { } identity } && acceptance.RefusalOf(identity, org.OrgId) is null)
        {
            await cache.WriteAsync(sessionHash, identity, revocable: signOutMarks is not null, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
