using System.Threading.RateLimiting;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>Held for the whole request; disposing it gives the concurrency slot back.</summary>
public readonly struct Admission(RateLimitLease? slot, Refusal? refusal) : IDisposable
{
    public Refusal? Refusal => refusal;

    public void Dispose() => slot?.Dispose();
}
