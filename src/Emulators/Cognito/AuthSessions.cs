using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>One round of the challenge as Cognito records it in the trigger events' <c>session</c> list.</summary>
public sealed record ChallengeRound(string ChallengeName, bool ChallengeResult, string? ChallengeMetadata)
{
    public JsonObject ToEventJson() => new()
    {
        ["challengeName"] = ChallengeName,
        ["challengeResult"] = ChallengeResult,
        ["challengeMetadata"] = ChallengeMetadata,
    };
}

/// <summary>What the pool keeps between a challenge and its answer; none of it goes to the client.</summary>
/// <param name="Username">The internal username, or the name typed when the user does not exist.</param>
/// <param name="TypedUsername">What the client sent as USERNAME at InitiateAuth.</param>
public sealed record PendingChallenge(
    string ClientId,
    string Username,
    string TypedUsername,
    bool UserNotFound,
    IReadOnlyList<ChallengeRound> Rounds,
    IReadOnlyDictionary<string, string> PrivateChallengeParameters,
    string? ChallengeMetadata,
    DateTimeOffset ExpiresAt);

/// <summary>
/// The opaque Session strings of challenges in progress: random, single use (taken on the first answer, right or
/// wrong), and expiring after <see cref="LocalCognitoOptions.SessionValidity"/>.
/// </summary>
public sealed class AuthSessions(TimeProvider time, IOptions<LocalCognitoOptions> options)
{
    // Expired sessions are swept when this many are held, so abandoned sign-ins cannot grow memory without bound.
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, PendingChallenge> pending = new(StringComparer.Ordinal);
    private readonly TimeSpan validity = options.Value.SessionValidity;

    public static PendingChallenge Begin(string clientId, string username, string typedUsername, bool userNotFound) =>
        new(clientId, username, typedUsername, userNotFound, [], new Dictionary<string, string>(), null, DateTimeOffset.MinValue);

    /// <summary>Stores the challenge and returns its Session: 64 random bytes, base64url (86 characters; Cognito's
    /// are opaque blobs of about 900, and clients only need ≥ 20).</summary>
    public string Issue(PendingChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var now = time.GetUtcNow();
        if (pending.Count >= SweepThreshold)
        {
            foreach (var (id, expired) in pending.Where(entry => entry.Value.ExpiresAt <= now))
            {
                pending.TryRemove(new KeyValuePair<string, PendingChallenge>(id, expired));
            }
        }

        var session = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64));
        pending[session] = challenge with { ExpiresAt = now + validity };
        return session;
    }

    /// <summary>Removes and returns the challenge: a Session answers once.</summary>
    public PendingChallenge Take(string session)
    {
        if (!pending.TryRemove(session, out var challenge))
        {
            throw UserPoolException.InvalidSession();
        }

        return challenge.ExpiresAt > time.GetUtcNow()
            ? challenge
            : throw UserPoolException.NotAuthorized("Invalid session for the user, session is expired.");
    }
}
