using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Core.Sessions;

/// <summary>Port: asks Salesforce who a session belongs to.</summary>
public interface ISessionValidator
{
    /// <summary>
    /// Returns the identity behind the session, or a typed failure (invalid session, Salesforce unavailable, …).
    /// Expected outcomes never throw. Callers have already checked that the session's org is allowed.
    /// </summary>
    ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, CancellationToken cancellationToken);
}

public sealed record SessionValidation(SalesforceIdentity? Identity, Failure? Failure)
{
    public static SessionValidation Valid(SalesforceIdentity identity) => new(identity, Failure: null);

    public static SessionValidation Refused(Failure failure) => new(Identity: null, failure);
}
