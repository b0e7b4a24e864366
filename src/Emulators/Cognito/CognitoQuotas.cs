using Microsoft.Extensions.Options;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>
/// Cognito's request rate quotas by category, as the quotas page gives their defaults per account and Region
/// (UserAuthentication 120/s, UserCreation 50/s, UserRead 120/s, UserUpdate 25/s, UserList 30/s, UserToken 120/s),
/// enforced when <see cref="LocalCognitoOptions.EnforceQuotas"/> is on: a request over its category's rate is refused
/// before it does anything, as Cognito refuses it (400 <c>TooManyRequestsException</c>, <c>Rate exceeded</c>), so
/// tests and benchmarks meet throttling as production does. Off by default. Each category is a token bucket holding
/// one second of its rate, on the pool's clock.
/// </summary>
public sealed class CognitoQuotas
{
    private static readonly Dictionary<string, (string Category, int PerSecond)> Operations = new(StringComparer.Ordinal)
    {
        ["InitiateAuth"] = ("UserAuthentication", 120),
        ["RespondToAuthChallenge"] = ("UserAuthentication", 120),
        ["AdminInitiateAuth"] = ("UserAuthentication", 120),
        ["AdminRespondToAuthChallenge"] = ("UserAuthentication", 120),
        ["AdminCreateUser"] = ("UserCreation", 50),
        ["AdminGetUser"] = ("UserRead", 120),
        ["GetUser"] = ("UserRead", 120),
        ["AdminUpdateUserAttributes"] = ("UserUpdate", 25),
        ["UpdateUserAttributes"] = ("UserUpdate", 25),
        ["AdminUserGlobalSignOut"] = ("UserUpdate", 25),
        ["GlobalSignOut"] = ("UserUpdate", 25),
        ["AdminDisableUser"] = ("UserUpdate", 25),
        ["AdminEnableUser"] = ("UserUpdate", 25),
        ["ListUsers"] = ("UserList", 30),
        ["RevokeToken"] = ("UserToken", 120),
        ["GetTokensFromRefreshToken"] = ("UserToken", 120),
    };

    private readonly Dictionary<string, Bucket>? buckets;
    private readonly TimeProvider time;

    public CognitoQuotas(IOptions<LocalCognitoOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        if (options.Value.EnforceQuotas)
        {
            buckets = Operations.Values.Distinct().ToDictionary(quota => quota.Category, quota => new Bucket(quota.PerSecond, time.GetTimestamp()), StringComparer.Ordinal);
        }
    }

    /// <summary>The quota category of an operation (<c>UserUpdate</c>, …), or null for one outside every category here.</summary>
    public static string? CategoryOf(string? operation) =>
        operation is not null && Operations.TryGetValue(operation, out var quota) ? quota.Category : null;

    /// <exception cref="UserPoolException">TooManyRequestsException: the operation's category is over its rate.</exception>
    public void Admit(string? operation)
    {
        if (buckets is null || CategoryOf(operation) is not { } category)
        {
            return;
        }

        if (!buckets[category].TryTake(time))
        {
            throw new UserPoolException("TooManyRequestsException", "Rate exceeded");
        }
    }

    /// <summary>A token bucket on the pool's clock: one second of the rate at most, refilled continuously.</summary>
    private sealed class Bucket(int perSecond, long startedAt)
    {
        private readonly Lock gate = new();
        private double tokens = perSecond;
        private long refilledAt = startedAt;

        public bool TryTake(TimeProvider time)
        {
            lock (gate)
            {
                var now = time.GetTimestamp();
                tokens = Math.Min(perSecond, tokens + (time.GetElapsedTime(refilledAt, now).TotalSeconds * perSecond));
                refilledAt = now;
                if (tokens < 1)
                {
                    return false;
                }

                tokens--;
                return true;
            }
        }
    }
}
