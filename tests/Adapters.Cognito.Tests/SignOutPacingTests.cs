using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>
/// Single sign-out within Cognito's UserUpdate quota: against a pool enforcing Cognito's rates (25/s), a burst of
/// sign-outs through the adapter is paced so that Cognito never throttles one; and a pool that does throttle is
/// answered as throttled (wait and retry), never as a failure of the user's sign-out.
/// </summary>
public sealed class SignOutPacingTests
{
    private static string UserNumber(int index) => $"sf_{Samples.OrgId18}_0055j0000{index:D6}AAA";

    [Fact]
    public async Task A_burst_of_sign_outs_is_paced_below_the_quota_and_none_is_throttled()
    {
        await using var pool = await PoolEmulatorHost.StartAsync(enforceQuotas: true);
        for (var i = 0; i < 30; i++)
        {
            pool.AddUser(UserNumber(i), Samples.Session);
        }

        using var harness = pool.Adapter();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            harness.SignOut.SignOutAsync(UserNumber(i), DateTimeOffset.UtcNow, CancellationToken.None).AsTask()));

        // Unpaced, 22 of these 30 came back throttled: the pool refuses past 25 calls in its first second.
        Assert.All(outcomes, outcome => Assert.Equal(DirectorySignOut.SignedOut, outcome));
    }

    [Fact]
    public async Task Cognitos_throttling_is_answered_as_throttled_not_as_a_failure()
    {
        // The pool's clock stands still: once used up, its quota does not refill while the adapter retries.
        await using var pool = await PoolEmulatorHost.StartAsync(enforceQuotas: true, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        pool.AddUser(Samples.Username, Samples.Session);
        using var harness = pool.Adapter();
        // Someone else uses up the account's UserUpdate quota (another pool, another tool).
        for (var i = 0; i < 30; i++)
        {
            await pool.Api.HandleAsync(Contracts.CognitoWire.TargetPrefix + "GlobalSignOut", Emulators.Cognito.AdminSignatureCheck.Missing, "{}"u8.ToArray(), CancellationToken.None);
        }

        var outcome = await harness.SignOut.SignOutAsync(Samples.Username, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(DirectorySignOut.Throttled, outcome);
    }
}
