using System.Collections.Concurrent;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Testing;

/// <summary>Salesforce as a table: sessions it knows answer their identity, all others are invalid.
/// Keyed by the session's hash, as a real cache would be, and counting every call.</summary>
public sealed class FakeSessionValidator : ISessionValidator
{
    private readonly ConcurrentDictionary<string, SessionValidation> answers = new(StringComparer.Ordinal);
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    /// <summary>The org each call was handed, in order.</summary>
    public ConcurrentQueue<TrustedOrg> Orgs { get; } = new();

    /// <summary>When set, every call fails this way instead of looking the session up.</summary>
    public Refusal? Outage { get; set; }

    /// <summary>When set, every call throws this (a bug or fault outside the typed failures).</summary>
    public Func<Exception>? Fault { get; set; }

    public FakeSessionValidator Accept(string session, SalesforceIdentity identity)
    {
        answers[new SalesforceSession(session).ToHashKey()] = SessionValidation.Valid(identity);
        return this;
    }

    public FakeSessionValidator Refuse(string session, Refusal failure)
    {
        answers[new SalesforceSession(session).ToHashKey()] = SessionValidation.Refused(failure);
        return this;
    }

    /// <summary>The sign-out marks calls were handed, in order (a fake holds no cache, so it asks "Salesforce" anyway).</summary>
    public ConcurrentQueue<DateTimeOffset> SignOutMarks { get; } = new();

    public ValueTask<SessionValidation> ValidateSignedOutUserAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset signedOutAt, CancellationToken cancellationToken)
    {
        SignOutMarks.Enqueue(signedOutAt);
        return ValidateAsync(session, org, cancellationToken);
    }

    public ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(org);
        Interlocked.Increment(ref calls);
        Orgs.Enqueue(org);
        if (Fault is { } fault)
        {
            throw fault();
        }

        if (Outage is { } outage)
        {
            return ValueTask.FromResult(SessionValidation.Refused(outage));
        }

        return ValueTask.FromResult(
            answers.TryGetValue(session.ToHashKey(), out var answer) ? answer : SessionValidation.Refused(Refusal.InvalidSession));
    }
}
