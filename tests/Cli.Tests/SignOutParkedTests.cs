using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Cli.Tests;

/// <summary><c>sfsso signout parked</c>: the deployment's parked sign-outs as the validator keeps them in Redis, and an
/// operator's ask to retry them now, which the validator's instances see; Redis credentials only from the environment.</summary>
public sealed class SignOutParkedTests
{
    [Fact]
    public async Task Lists_the_parked_sign_outs_and_asks_the_instances_to_retry_them()
    {
        using var redis = new RedisServer();
        using var store = new RedisCache(Options.Create(new RedisCacheOptions { Configuration = redis.ConnectionString, InstanceName = "sfcognitosso:" }));
        var deployment = new SignOutDeployment("eu-west-1_AbC123");
        var parked = new ParkedSignOuts(TimeProvider.System, NullLogger<ParkedSignOuts>.Instance, store, deployment);
        await parked.ParkAsync(SalesforceId.Parse("00D5j00000SfSso"), SignOutTopics.Logout, [0xAB], [SalesforceId.Parse("0055j00000Alice")], SignOutCause.Logout, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["SFSSO_REDIS"] = redis.ConnectionString };
        Assert.False(await parked.RetryAskedAsync(CancellationToken.None)); // the first look only learns where things stand

        var (exit, output, _) = await CliProcess.RunAsync(["signout", "parked", "--pool-id", deployment.Name], environment: environment);
        Assert.Equal(0, exit);
        Assert.Contains("org=00D5j00000SfSsoEAF topic=/event/LogoutEventStream replayId=AB users=0055j00000AliceAAB cause=Logout", output, StringComparison.Ordinal);
        Assert.Contains("1 parked sign-out(s) in deployment eu-west-1_AbC123", output, StringComparison.Ordinal);
        Assert.False(await parked.RetryAskedAsync(CancellationToken.None));

        var (retried, said, _) = await CliProcess.RunAsync(["signout", "parked", "--pool-id", deployment.Name, "--retry"], environment: environment);
        Assert.Equal(0, retried);
        Assert.Contains("Asked", said, StringComparison.Ordinal);
        Assert.True(await parked.RetryAskedAsync(CancellationToken.None));
        Assert.False(await parked.RetryAskedAsync(CancellationToken.None)); // one ask, one retry
    }

    [Fact]
    public async Task Without_the_redis_connection_in_the_environment_it_is_a_usage_error()
    {
        var (exit, _, errors) = await CliProcess.RunAsync(["signout", "parked"]);

        Assert.Equal(2, exit);
        Assert.Contains("SFSSO_REDIS", errors, StringComparison.Ordinal);
    }
}
