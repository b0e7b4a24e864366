using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// Where proofs of a user's sessions are kept (the validation cache): after <see cref="RevokeAsync"/> none issued
/// before the sign-out time given is used again, by the validator or by Verify, so a logged-out user's cached
/// session cannot sign in. Absent where nothing is cached.
/// </summary>
public interface ISessionRevocations
{
    /// <summary>Makes every cached proof of the user's sessions made at or before <paramref name="signedOutAt"/> unusable.</summary>
    ValueTask RevokeAsync(SalesforceId orgId, SalesforceId userId, DateTimeOffset signedOutAt, CancellationToken cancellationToken);
}
