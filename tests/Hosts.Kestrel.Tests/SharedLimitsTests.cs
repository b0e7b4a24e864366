using System.Net;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Testing;
using StackExchange.Redis;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>
/// The deployment's limits without a Redis call per request (issue 44): three instances' <see cref="SharedLimits"/> on
/// one real redis-server, each sync driven by the test (the interval's clock), the window's minute on a fake clock.
/// </summary>
public sealed class SharedLimitsTests : IDisposable
{
    private const int Limit = 60;
    private static readonly IPAddress Client = IPAddress.Parse("127.0.114.9");

    private readonly RedisServer server = new();
    private readonly ConnectionMultiplexer redis;
    // Ten seconds into a minute: every test's window lasts longer than the test.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 8, 9, 0, 10, TimeSpan.Zero));

    public SharedLimitsTests() => redis = ConnectionMultiplexer.Connect(server.ConnectionString);

    public void Dispose()
    {
        redis.Dispose();
        server.Dispose();
    }

    private SharedLimits[] Instances(int count, int limit = Limit, int maxConcurrent = 256) =>
        [.. Enumerable.Range(0, count).Select(_ => new SharedLimits(new RateLimitOptions { PermitPerMinute = limit, MaxConcurrent = maxConcurrent }, clock))];

    private async Task SyncAllAsync(IEnumerable<SharedLimits> instances)
    {
        foreach (var instance in instances)
        {
            await instance.SyncAsync(redis.GetDatabase(), CancellationToken.None);
        }
    }

    /// <summary>Two heartbeats apart, so each instance has counted all the others.</summary>
    private async Task MeetAsync(IReadOnlyCollection<SharedLimits> instances)
    {
        await SyncAllAsync(instances);
        clock.Advance(TimeSpan.FromSeconds(1));
        await SyncAllAsync(instances);
    }

    /// <summary>Requests round-robin until every instance is refused for the rest of the window, syncing between rounds
    /// as the background sync would; a request told to wait is asked again after the next sync.</summary>
    private async Task<int> AdmittedAsync(SharedLimits[] instances, int requests, int perSync)
    {
        var admitted = 0;
        for (var sent = 0; sent < requests;)
        {
            for (var i = 0; i < perSync && sent < requests; i++, sent++)
            {
                admitted += instances[sent % instances.Length].TryTake(Client, null) == SharedLimits.Take.Taken ? 1 : 0;
            }

            await SyncAllAsync(instances);
        }

        return admitted;
    }

    [Fact]
    public async Task Three_instances_sharing_one_client_admit_the_limit_and_no_more()
    {
        var instances = Instances(3);
        await MeetAsync(instances);

        var admitted = await AdmittedAsync(instances, 4 * Limit, perSync: 9);

        Assert.Equal(Limit, admitted);
        Assert.All(instances, instance => Assert.Equal(SharedLimits.Take.Spent, instance.TryTake(Client, null)));
    }

    [Fact]
    public async Task A_burst_in_one_sync_interval_is_bounded_by_the_provisional_shares()
    {
        var instances = Instances(3);
        await MeetAsync(instances);

        // 300 requests arrive before anyone syncs: each instance admits its provisional share, ⌊60 ÷ 30⌋ = 2, and asks
        // the rest to wait for the sync.
        var outcomes = Enumerable.Range(0, 300).Select(i => instances[i % 3].TryTake(Client, null)).ToList();
        Assert.Equal(6, outcomes.Count(outcome => outcome == SharedLimits.Take.Taken));
        Assert.DoesNotContain(SharedLimits.Take.Spent, outcomes);

        // The sync then claims for the demand it saw; the window ends at the limit in total.
        await SyncAllAsync(instances);
        var admitted = 6 + await AdmittedAsync(instances, 300, perSync: 30);
        Assert.Equal(Limit, admitted);
    }

    [Fact]
    public async Task A_client_on_one_instance_of_three_gets_at_least_nine_tenths_of_its_limit()
    {
        var instances = Instances(3);
        await MeetAsync(instances);
        var only = instances[1];

        var admitted = 0;
        for (var round = 0; round < 40; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                admitted += only.TryTake(Client, null) == SharedLimits.Take.Taken ? 1 : 0;
            }

            await SyncAllAsync(instances);
        }

        // The room kept for the two instances that never saw the client: two provisional shares of 2.
        Assert.InRange(admitted, Limit - 4, Limit);
    }

    [Fact]
    public async Task A_new_minute_is_a_new_window()
    {
        var instances = Instances(3);
        await MeetAsync(instances);
        Assert.Equal(Limit, await AdmittedAsync(instances, 2 * Limit, perSync: 9));

        clock.Advance(TimeSpan.FromMinutes(1));
        await SyncAllAsync(instances);

        Assert.Equal(Limit, await AdmittedAsync(instances, 2 * Limit, perSync: 9));
    }

    [Fact]
    public async Task An_ipv6_client_is_held_to_its_48_as_well()
    {
        var instances = Instances(1, limit: 4); // the /48's limit is eight times the client's: 32
        await SyncAllAsync(instances);
        var admitted = 0;
        for (var subnet = 0; subnet < 20; subnet++)
        {
            var client = IPAddress.Parse($"2001:db8:7:{subnet:x}::1");
            var network = IPAddress.Parse("2001:db8:7::");
            for (var i = 0; i < 4; i++)
            {
                var taken = instances[0].TryTake(client, network);
                if (taken == SharedLimits.Take.WaitForSync)
                {
                    await SyncAllAsync(instances);
                    taken = instances[0].TryTake(client, network);
                }

                admitted += taken == SharedLimits.Take.Taken ? 1 : 0;
            }
        }

        Assert.Equal(32, admitted);
    }

    [Fact]
    public async Task Each_instance_takes_its_share_of_work_in_progress_from_the_live_count()
    {
        var instances = Instances(3, maxConcurrent: 30);
        Assert.Equal(30, instances[0].InFlightCap); // alone until it has synced
        await MeetAsync(instances);

        var slots = Enumerable.Range(0, 12).Select(_ => instances[0].TryEnter()).ToList();

        Assert.Equal(3, instances[0].LiveInstances);
        Assert.Equal(10, slots.Count(slot => slot is not null));
        slots.First(slot => slot is not null)!.Dispose();
        Assert.NotNull(instances[0].TryEnter());
        Assert.Null(instances[0].TryEnter());
    }

    [Fact]
    public async Task An_instance_not_heard_from_stops_counting_towards_the_shares()
    {
        var instances = Instances(3, maxConcurrent: 30);
        await MeetAsync(instances);
        Assert.Equal(3, instances[0].LiveInstances);

        clock.Advance(SharedLimits.LiveFor + TimeSpan.FromSeconds(1));
        await SyncAllAsync(instances.Take(2));

        Assert.Equal(2, instances[1].LiveInstances);
        Assert.Equal(15, instances[1].InFlightCap);
    }

    [Fact]
    public async Task A_client_within_its_provisional_share_costs_redis_nothing()
    {
        var instances = Instances(3, limit: 120); // provisional share: 120 ÷ 30 = 4
        await MeetAsync(instances);
        await redis.GetServers()[0].ExecuteAsync("CONFIG", "RESETSTAT");

        for (var client = 0; client < 50; client++)
        {
            Assert.Equal(SharedLimits.Take.Taken, instances[0].TryTake(IPAddress.Parse($"127.0.114.{client + 10}"), null));
        }

        await SyncAllAsync(instances); // heartbeat not due, no key short of permits: nothing to say
        var commands = (string)(await redis.GetServers()[0].ExecuteAsync("INFO", "commandstats"))!;
        Assert.DoesNotContain("cmdstat_evalsha:", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_eval:", commands, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_permits_to_spare_costs_no_redis_command_between_heartbeats()
    {
        var instances = Instances(1, limit: 1_000_000);
        await SyncAllAsync(instances);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(SharedLimits.Take.Taken, instances[0].TryTake(Client, null));
        }

        await SyncAllAsync(instances); // claims for the demand it saw
        await redis.GetServers()[0].ExecuteAsync("CONFIG", "RESETSTAT");
        for (var i = 0; i < 100; i++)
        {
            instances[0].TryTake(Client, null);
        }

        await SyncAllAsync(instances); // enough held, heartbeat not due: nothing to say
        var commands = (string)(await redis.GetServers()[0].ExecuteAsync("INFO", "commandstats"))!;

        Assert.DoesNotContain("cmdstat_evalsha:", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_eval:", commands, StringComparison.Ordinal);
    }
}
