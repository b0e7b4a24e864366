using System.CommandLine;
using System.Globalization;
using SfCognitoSso.Core.SignOut;
using StackExchange.Redis;

namespace SfCognitoSso.Cli;

/// <summary>
/// <c>sfsso signout parked [--retry]</c>: the deployment's parked sign-outs, as the validator keeps them in Redis, and
/// an operator's "retry them now" (every instance tries its own within a minute). The Redis connection comes from
/// <c>SFSSO_REDIS</c>, never an argument (it holds a password): whoever may write that Redis may ask, nobody else.
/// </summary>
public sealed class SignOutCommand
{
    public const string RedisVariable = "SFSSO_REDIS";

    /// <summary>The validator's Redis key prefix (its distributed cache's instance name).</summary>
    private const string KeyPrefix = "sfcognitosso:";

    private readonly Option<string> poolId = new("--pool-id") { Description = "The deployment: its user pool ID (Cognito__UserPoolId; 'default' for a host with none).", DefaultValueFactory = _ => ParkedSignOutKeys.DefaultDeployment };
    private readonly Option<bool> retry = new("--retry") { Description = "Ask every instance to try its parked sign-outs again now (within a minute)." };

    public SignOutCommand()
    {
        Parked = new Command("parked", $"List the parked sign-outs (from Redis, {RedisVariable}); --retry asks for them to be tried again now.") { poolId, retry };
        Command = new Command("signout", "Single sign-out's operations.") { Parked };
    }

    public Command Command { get; }

    public Command Parked { get; }

    public async Task<int> RunAsync(ParseResult parsed, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(terminal);
        var deployment = parsed.GetValue(poolId) ?? ParkedSignOutKeys.DefaultDeployment;
        if (Environment.GetEnvironmentVariable(RedisVariable) is not { Length: > 0 } connection)
        {
            await terminal.Errors.WriteLineAsync($"sfsso signout parked: set {RedisVariable} to the validator's Redis connection (Cache__Redis); it is never taken as an argument.").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        ConnectionMultiplexer redis;
        try
        {
            var options = ConfigurationOptions.Parse(connection);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or ArgumentException)
        {
            await terminal.Errors.WriteLineAsync($"sfsso signout parked: Redis could not be reached ({exception.GetType().Name}).").ConfigureAwait(false);
            return Sfsso.Unavailable;
        }

        await using (redis.ConfigureAwait(false))
        {
            var database = redis.GetDatabase();
            var count = 0;
            foreach (var server in redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(pattern: $"{KeyPrefix}{ParkedSignOutKeys.Prefix(deployment)}*").ConfigureAwait(false))
                {
                    // The cache keeps each value in a hash's "data" field.
                    if (await database.HashGetAsync(key, "data").ConfigureAwait(false) is { HasValue: true } entry)
                    {
                        await terminal.Out.WriteLineAsync(entry.ToString()).ConfigureAwait(false);
                        count++;
                    }
                }
            }

            await terminal.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} parked sign-out(s) in deployment {deployment}")).ConfigureAwait(false);
            if (parsed.GetValue(retry))
            {
                var now = DateTimeOffset.UtcNow.UtcTicks.ToString(CultureInfo.InvariantCulture);
                await database.HashSetAsync($"{KeyPrefix}{ParkedSignOutKeys.RetryAsk(deployment)}", [new("data", now), new("absexp", -1), new("sldexp", -1)]).ConfigureAwait(false);
                await database.KeyExpireAsync($"{KeyPrefix}{ParkedSignOutKeys.RetryAsk(deployment)}", TimeSpan.FromDays(7)).ConfigureAwait(false);
                await terminal.Out.WriteLineAsync("Asked: every instance tries its parked sign-outs again within a minute (each succeeds or waits again).").ConfigureAwait(false);
            }
        }

        return Sfsso.Done;
    }
}
