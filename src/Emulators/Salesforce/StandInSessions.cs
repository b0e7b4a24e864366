using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// Whose sessions the stand-in knows: the demo users' own, and those a login made; a logout ends one, a deactivation
/// ends every session of the user until it is active again.
/// </summary>
public sealed class StandInSessions(SalesforceEmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, DemoUser> bySession = new(options.Users
        .GroupBy(user => user.SessionId, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal), StringComparer.Ordinal);

    private readonly ConcurrentDictionary<SalesforceId, bool> deactivated = new();

    // Frozen users (UserLogin.IsFrozen): they cannot log in, and an app running as one gets no token.
    private readonly ConcurrentDictionary<SalesforceId, bool> frozen = new();
    private readonly ConcurrentDictionary<SalesforceId, DateTimeOffset> userModified = new();
    private readonly ConcurrentDictionary<SalesforceId, DateTimeOffset> loginModified = new();

    /// <summary>The demo users, in order.</summary>
    public IReadOnlyList<DemoUser> Users => options.Users;

    /// <summary>The demo user whose session this is, while it has not ended and the user is active.</summary>
    public DemoUser? Active(string? session) =>
        session is not null && bySession.TryGetValue(session, out var user) && !deactivated.ContainsKey(user.UserId) ? user : null;

    /// <summary>The active user of the request's <c>Authorization: Bearer</c> session, if any.</summary>
    public DemoUser? Bearer(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? Active(authorization["Bearer ".Length..]) : null;
    }

    /// <summary>A new session for the active user named by email or (a prefix of) user ID; none for anyone else.</summary>
    public (string Session, DemoUser User)? LogIn(string name)
    {
        var user = options.Users.FirstOrDefault(candidate => string.Equals(candidate.Email, name, StringComparison.OrdinalIgnoreCase) || candidate.UserId.Value.StartsWith(name, StringComparison.Ordinal));
        if (user is null || name.Length == 0 || deactivated.ContainsKey(user.UserId) || frozen.ContainsKey(user.UserId))
        {
            return null;
        }

        var session = $"{user.OrgId.Value[..15]}!{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '.').Replace('/', '_')}";
        bySession[session] = user;
        return (session, user);
    }

    /// <summary>Accepts a credential issued to the user (a JWT access token) as one of the user's sessions.</summary>
    public void Accept(string credential, DemoUser user) => bySession[credential] = user;

    /// <summary>Ends an active session: its user, or null when there was none to end.</summary>
    public DemoUser? End(string session) => Active(session) is { } user && bySession.TryRemove(session, out _) ? user : null;

    /// <summary>Activates or deactivates a user at <paramref name="at"/> (the record's <c>SystemModstamp</c>): true when
    /// that changed anything.</summary>
    public bool SetActive(SalesforceId userId, bool isActive, DateTimeOffset at)
    {
        var changed = isActive ? deactivated.TryRemove(userId, out _) : deactivated.TryAdd(userId, true);
        if (changed)
        {
            userModified[userId] = ToMilliseconds(at);
        }

        return changed;
    }

    /// <summary>Freezes or unfreezes a user (<c>UserLogin.IsFrozen</c>) at <paramref name="at"/> (the login record's
    /// <c>SystemModstamp</c>): true when that changed anything.</summary>
    public bool SetFrozen(SalesforceId userId, bool isFrozen, DateTimeOffset at)
    {
        var changed = isFrozen ? frozen.TryAdd(userId, true) : frozen.TryRemove(userId, out _);
        if (changed)
        {
            loginModified[userId] = ToMilliseconds(at);
        }

        return changed;
    }

    /// <summary>When the user's record last changed (deactivated or activated here); null: not since the start.</summary>
    /// <summary>Salesforce keeps record times to the millisecond: a finer stamp would compare after the same time
    /// written in SOQL, and a sweep from it would find the record again and again.</summary>
    private static DateTimeOffset ToMilliseconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public DateTimeOffset? UserModifiedAt(SalesforceId userId) => userModified.TryGetValue(userId, out var at) ? at : null;

    /// <summary>When the user's login record last changed (frozen or unfrozen here).</summary>
    public DateTimeOffset? LoginModifiedAt(SalesforceId userId) => loginModified.TryGetValue(userId, out var at) ? at : null;

    /// <summary>Whether the user is frozen.</summary>
    public bool IsFrozen(SalesforceId userId) => frozen.ContainsKey(userId);

    /// <summary>Whether the user is active.</summary>
    public bool IsActive(SalesforceId userId) => !deactivated.ContainsKey(userId);
}
