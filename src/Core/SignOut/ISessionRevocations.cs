using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// Where proofs of a user's sessions are kept (the validation cache): after <see cref="RevokeAsync"/> none issued
/// before <paramref name="signedOutAt"/> is used again, by the validator or by Verify, so a logged-out user's cached
/// session cannot sign in. Absent where nothing is cached.
/// </summary>
public interface ISessionRevocations
{
    ValueTask RevokeAsync(SalesforceId orgId, SalesforceId userId, DateTimeOffset signedOutAt, CancellationToken cancellationToken);
}
