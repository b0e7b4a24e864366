using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The limits every endpoint that takes a session shares: one per-client window (<c>RateLimit__PermitPerMinute</c>;
/// one bucket per client whichever endpoint it calls, so a second endpoint is not a second allowance), for IPv6 a
/// second window per /48 (<c>RateLimit__PermitPerMinutePer48</c>), and one instance-wide cap on work in progress
/// (<c>RateLimit__MaxConcurrent</c>).
/// </summary>
public sealed class RequestLimits : IDisposable
{
    private readonly ClientAddresses clients;
    private readonly PartitionedRateLimiter<IPAddress> perClient;
    private readonly PartitionedRateLimiter<IPAddress> perNetwork;
    private readonly ConcurrencyLimiter inFlight;

    public RequestLimits(ClientAddresses clients, IOptions<RateLimitOptions> rateLimit)
    {
        ArgumentNullException.ThrowIfNull(rateLimit);
        this.clients = clients;
        var window = new FixedWindowRateLimiterOptions { PermitLimit = rateLimit.Value.PermitPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
        // The factories are made once: the partitioner runs on every request and should allocate nothing.
        Func<IPAddress, FixedWindowRateLimiterOptions> optionsFor = _ => window;
        perClient = PartitionedRateLimiter.Create<IPAddress, IPAddress>(client => RateLimitPartition.GetFixedWindowLimiter(client, optionsFor));
        var networkWindow = new FixedWindowRateLimiterOptions { PermitLimit = rateLimit.Value.ResolvedPermitPerMinutePer48, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
        Func<IPAddress, FixedWindowRateLimiterOptions> networkOptionsFor = _ => networkWindow;
        perNetwork = PartitionedRateLimiter.Create<IPAddress, IPAddress>(network => RateLimitPartition.GetFixedWindowLimiter(network, networkOptionsFor));
        inFlight = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = rateLimit.Value.MaxConcurrent, QueueLimit = 0 });
    }

    /// <summary>Admits the request or says why not (setting <c>Retry-After</c>).</summary>
    public Admission Admit(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = clients.Resolve(context);
        var limited = Refused(perClient, client, context);
        if (limited is null && ClientAddresses.Network48(client) is { } network)
        {
            limited = Refused(perNetwork, network, context);
        }

        if (limited is not null)
        {
            return new Admission(null, limited);
        }

        var slot = inFlight.AttemptAcquire();
        if (slot.IsAcquired)
        {
            return new Admission(slot, null);
        }

        slot.Dispose();
        context.Response.Headers.RetryAfter = "1";
        return new Admission(null, new EdgeRefusal(Refusals.ServerBusy, "Too many requests in progress; retry in a moment."));
    }

    /// <summary>A 429 (with <c>Retry-After</c>) when the key's window is spent; null when a permit was taken.</summary>
    private static EdgeRefusal? Refused(PartitionedRateLimiter<IPAddress> limiter, IPAddress key, HttpContext context)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new EdgeRefusal(Refusals.RateLimited, "Too many requests from this client; retry later.");
    }

    public void Dispose()
    {
        perClient.Dispose();
        perNetwork.Dispose();
        inFlight.Dispose();
    }
}
