using Microsoft.Extensions.Internal;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>MemoryCache still reads time through <see cref="ISystemClock"/>; this hands it the host's
/// <see cref="TimeProvider"/>, so expiry follows a fake clock in tests.</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
}
