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

    /// <summary>
    /// As <see cref="ValidateAsync"/>, for a user signed out at <paramref name="signedOutAt"/>: an answer proven
    /// before that (<see cref="SignOut.SignOutMark"/>) is never reused — a cache asks Salesforce instead. Every
    /// implementation says what it does here: a decorator that forgot it would let a cached answer outlive a sign-out.
    /// </summary>
    ValueTask<SessionValidation> ValidateSignedOutUserAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset signedOutAt, CancellationToken cancellationToken);
}

/// <summary>An identity or a failure, never both, never neither.</summary>
public sealed record SessionValidation
{
    private SessionValidation(SalesforceIdentity? identity, Refusal? failure) => (Identity, Refusal) = (identity, failure);

    /// <summary>Who the session belongs to, when valid.</summary>
    public SalesforceIdentity? Identity { get; }

    /// <summary>Why not, when refused.</summary>
    public Refusal? Refusal { get; }

    /// <summary>When the answer was Salesforce's, for an answer reused from a cache (the entry's time); null for an
    /// answer Salesforce gave just now. A proof older than a user's sign-out mark vouches for nothing after it.</summary>
    public DateTimeOffset? ProvenAt { get; init; }

    /// <summary>True when <see cref="Identity"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Identity))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsValid => Identity is not null;

    /// <summary>A session Salesforce accepted, and whose it is.</summary>
    public static SessionValidation Valid(SalesforceIdentity identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), failure: null);

    /// <summary>A session refused, and why.</summary>
    public static SessionValidation Refused(Refusal failure) =>
        new(identity: null, failure ?? throw new ArgumentNullException(nameof(failure)));
}
