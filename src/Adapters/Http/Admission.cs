using System.Threading.RateLimiting;

namespace SfCognitoSso.Adapters.Http;

/// <summary>Held for the whole request; disposing it gives the concurrency slot back.</summary>
public readonly struct Admission(RateLimitLease? slot, EdgeRefusal? refusal) : IDisposable
{
    public EdgeRefusal? Refusal => refusal;

    public void Dispose() => slot?.Dispose();
}
