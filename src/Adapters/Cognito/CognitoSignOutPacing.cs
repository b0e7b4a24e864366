using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// Single sign-out's calls to Cognito through one token bucket (<c>Cognito__SignOutRequestsPerSecond</c>), so a mass
/// logout or a department deactivated at once drains at the pace Cognito's UserUpdate quota allows instead of being
/// throttled: a quarter-second burst, then one call per 1/rate s, waiting in arrival order. Each subscription hands
/// over one sign-out at a time, so a logout waits behind at most one call of a bulk change, never behind the bulk.
/// </summary>
public sealed class CognitoSignOutPacing : IDisposable
{
    private readonly TokenBucketRateLimiter bucket;

    public CognitoSignOutPacing(IOptions<CognitoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rate = Math.Clamp(options.Value.SignOutRequestsPerSecond, 1, 25);
        bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, rate / 4),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / rate),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits for this call's turn; false when the queue is full (treated as throttled: try again later).</summary>
    public async ValueTask<bool> WaitTurnAsync(CancellationToken cancellationToken)
    {
        using var lease = await bucket.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        return lease.IsAcquired;
    }

    public void Dispose() => bucket.Dispose();
}
