using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>
/// Sign-outs pushed, not polled (issue 44): two validator instances on one real redis-server, each with its
/// <see cref="SignOutMarkFeed"/>; the echo's clock is a fake one the test moves, second by second.
/// </summary>
public sealed class SignOutPushTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly SalesforceStub salesforce = new();
    private readonly RedisServer redis = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly SalesforceHarness writer;
    private readonly SalesforceHarness reader;

    public SignOutPushTests()
    {
        writer = Instance();
        reader = Instance();
    }

    public void Dispose()
    {
        reader.Dispose();
        writer.Dispose();
        redis.Dispose();
        salesforce.Dispose();
    }

    private SalesforceHarness Instance() =>
        new(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString, time: clock, singleSignOut: true, pushed: true);

    /// <summary>Seconds pass, each echo heard, until both instances vouch for what is written from now on.</summary>
    private async Task ListeningAsync()
    {
        _ = writer.Validator;
        _ = reader.Validator;
        var watch = Stopwatch.StartNew();
        // An answer's time is kept in whole seconds: vouch for the second before now.
        while (!(writer.Feed.Covers(clock.GetUtcNow().AddSeconds(-1)) && reader.Feed.Covers(clock.GetUtcNow().AddSeconds(-1))))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            while (writer.Feed.LastEcho != clock.GetUtcNow() || reader.Feed.LastEcho != clock.GetUtcNow())
            {
                Assert.True(watch.Elapsed < Patience, "the echoes did not come back");
                await Task.Delay(5); // polling a condition: the echo crosses a real Redis
            }
        }
    }

    private async Task<IReadOnlyList<string>> CommandsSinceResetAsync() =>
        [.. (await redis.CommandNamesAsync()).Where(name => name is not "info" && !name.StartsWith("config", StringComparison.Ordinal))];

    [Fact]
    public async Task A_mark_written_on_one_instance_reaches_the_other_by_push_and_no_cached_validation_reads_redis()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        await ListeningAsync();
        Assert.True((await writer.ValidateAsync(Samples.Session)).IsValid);
        Assert.True((await reader.ValidateAsync(Samples.Session)).IsValid); // the shared answer, read once
        await redis.ResetStatsAsync();

        for (var i = 0; i < 50; i++)
        {
            Assert.True((await reader.ValidateAsync(Samples.Session)).IsValid);
        }

        Assert.Empty(await CommandsSinceResetAsync());
        Assert.Single(salesforce.Requests);

        // Salesforce ends the session; the sign-out flow marks the user on the writer.
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 401, "[]");
        await writer.SignOutAsync(clock.GetUtcNow());
        var watch = Stopwatch.StartNew();
        SessionValidation after;
        while ((after = await reader.ValidateAsync(Samples.Session)).IsValid)
        {
            Assert.True(watch.Elapsed < Patience, "the mark did not reach the reader");
            await Task.Delay(5); // polling a condition: the push crosses a real Redis
        }

        Assert.Equal(RefusalReason.InvalidSession, after.Refusal?.Reason);
        // The reader learnt of the mark by push: the only commands were the writer's (its script and what it runs).
        Assert.DoesNotContain(await CommandsSinceResetAsync(), name => name is "hget" or "hmget" or "get" or "hgetall");
    }

    [Fact]
    public async Task An_instance_whose_echo_came_late_reads_the_mark_from_redis_until_a_new_run_vouches()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        await ListeningAsync();
        Assert.True((await writer.ValidateAsync(Samples.Session)).IsValid);
        Assert.True((await reader.ValidateAsync(Samples.Session)).IsValid);

        // A mark that reaches Redis but not the channel (what a lost push looks like to the reader): an instance of
        // an earlier version, which writes marks without telling.
        using var unpushed = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString, time: clock, singleSignOut: true);
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 401, "[]");
        await unpushed.SignOutAsync(clock.GetUtcNow());
        Assert.True((await reader.ValidateAsync(Samples.Session)).IsValid); // the channel vouched, and heard nothing

        // The echo is late: the reader no longer vouches for what it has not heard, and asks Redis.
        clock.Advance(SignOutMarkFeed.EchoWithin + TimeSpan.FromSeconds(1));

        var after = await reader.ValidateAsync(Samples.Session);
        Assert.Equal(RefusalReason.InvalidSession, after.Refusal?.Reason);
    }
}
