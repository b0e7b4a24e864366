using System.Diagnostics.CodeAnalysis;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Core.Sessions;

/// <summary>Port: asks Salesforce who a session belongs to.</summary>
public interface ISessionValidator
{
    /// <summary>
    /// Returns the identity behind the session, or a typed failure (invalid session, Salesforce unavailable, …).
    /// Expected outcomes never throw. <paramref name="org"/> is the session's org, already resolved from the trusted
    /// table: the only place to send the session.
    /// </summary>
    ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken);
}

/// <summary>An identity or a failure, never both, never neither.</summary>
public sealed record SessionValidation
{
    private SessionValidation(SalesforceIdentity? identity, Failure? failure) => (Identity, Failure) = (identity, failure);

    public SalesforceIdentity? Identity { get; }

    public Failure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Identity))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsValid => Identity is not null;

    public static SessionValidation Valid(SalesforceIdentity identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), failure: null);

    public static SessionValidation Refused(Failure failure) =>
        new(identity: null, failure ?? throw new ArgumentNullException(nameof(failure)));
}
