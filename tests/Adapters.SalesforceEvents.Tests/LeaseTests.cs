using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// One subscriber per org and topic across instances: two validator hosts sharing a real redis-server read each topic
/// through one lease holder, so each user is signed out once in total; when the holder stops, the other takes over
/// from the stored replay position and misses nothing. Without Redis, and not told it is the only instance, a host
/// does not subscribe at all and says so.
/// </summary>
public sealed class LeaseTests : IAsyncLifetime, IDisposable
{
    private readonly RedisServer redis = new();
    private PubSubHarness harness = null!;

    public async Task InitializeAsync() => harness = await PubSubHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    public void Dispose() => redis.Dispose();


    private List<DemoUser> Users(int count, string tag) =>
        [.. Enumerable.Range(0, count).Select(i => harness.Alice with { UserId = SalesforceId.Parse($"0055j{tag}{i:D6}") })];

    private Task<IHost> StartInstanceAsync() => harness.StartSubscriberAsync(store: harness.Store, settings: new() { ["Cache:Redis"] = redis.ConnectionString, ["SignOut:SingleInstance"] = "false" });

    private static bool HoldsLease(IHost host, string topic) => host.Services.GetFakeLogCollector().GetSnapshot()
        .Any(line => line.Message.Contains($"on {topic}: this instance holds the lease", StringComparison.Ordinal));

    [Fact]
    public async Task Two_deployments_on_one_redis_each_hold_their_own_lease_and_read_every_logout()
    {
        // Review finding: the lease named no deployment, so staging on production's Redis held production's lease.
        var production = await harness.StartSubscriberAsync(store: harness.Store, settings: new() { ["Cache:Redis"] = redis.ConnectionString, ["SignOut:SingleInstance"] = "false", ["Cognito:UserPoolId"] = "eu-west-1_Production" });
        var staging = await harness.StartSubscriberAsync(store: new PubSubHarness.ObservedStore(), settings: new() { ["Cache:Redis"] = redis.ConnectionString, ["SignOut:SingleInstance"] = "false", ["Cognito:UserPoolId"] = "eu-west-1_Staging" });
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout, count: 2).WaitAsync(TimeSpan.FromSeconds(30));

        harness.Bus.PublishLogout(harness.Alice, DateTimeOffset.UtcNow);

        // One directory stands in for both pools here: each deployment signs the user out of its own.
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.Equal(PubSubHarness.UsernameOf(harness.Alice), await harness.SignOuts.NextAsync());
        Assert.True(HoldsLease(production, SignOutTopics.Logout) && HoldsLease(staging, SignOutTopics.Logout));
    }

    [Fact]
    public async Task A_lease_held_by_what_shows_no_signed_heartbeat_degrades_health_and_one_of_ours_does_not()
    {
        // Review finding: anyone who can write Redis could hold the lease for ever while /healthz said ok.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var signing = new Dictionary<string, string?>
        {
            ["Cache:Redis"] = redis.ConnectionString, ["SignOut:SingleInstance"] = "false", ["Ticket:SigningKey"] = PubSubHarness.ValidatorKey.ExportPkcs8PrivateKeyPem(),
        };
        using (var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            // An intruder takes the lease key for an hour.
            await connection.GetDatabase().StringSetAsync(
                SubscriptionLeases.LeaseKey(SignOutDeployment.Default.Name, harness.Alice.OrgId.Value, SignOutTopics.Logout), "intruder", TimeSpan.FromHours(1));
        }

        var unproven = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var standby = await harness.StartSubscriberAsync(store: harness.Store, settings: signing, time: clock, logged: line =>
        {
            if (line.Contains("shows no signed heartbeat", StringComparison.Ordinal))
            {
                unproven.TrySetResult();
            }
        });
        var health = standby.Services.GetRequiredService<SingleSignOutHealth>();
        await unproven.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var beforeTheLimit = health.Status();
        clock.Advance(SingleSignOutHealth.DownLimit + TimeSpan.FromSeconds(1));

        var status = health.Status();
        Assert.False(beforeTheLimit.Degraded);
        Assert.True(status.Degraded);
        Assert.Contains(SignOutTopics.Logout, status.Detail, StringComparison.Ordinal);
        Assert.Contains("signed heartbeat", status.Detail, StringComparison.Ordinal);
        // Its other topic's lease it holds itself, and beats for it: that one is well.
        Assert.DoesNotContain(SignOutTopics.UserChange, status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_sharing_redis_sign_each_user_out_once_in_total()
    {
        var first = await StartInstanceAsync();
        var second = await StartInstanceAsync();
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout).WaitAsync(TimeSpan.FromSeconds(30));
        var users = Users(20, "0Two");

        var signedOut = await harness.LogOutAllAsync(users);

        Assert.Equal(users.Select(PubSubHarness.UsernameOf), signedOut);
        Assert.True(HoldsLease(first, SignOutTopics.Logout) ^ HoldsLease(second, SignOutTopics.Logout), "exactly one instance holds the logout lease");
    }

    [Fact]
    public async Task When_the_holder_stops_the_other_takes_over_from_the_stored_position_and_misses_nothing()
    {
        var first = await StartInstanceAsync();
        var second = await StartInstanceAsync();
        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout).WaitAsync(TimeSpan.FromSeconds(30));
        var (holder, standby) = HoldsLease(first, SignOutTopics.Logout) ? (first, second) : (second, first);
        var before = Users(5, "0Bef");
        var during = Users(5, "0Dur");
        await harness.LogOutAllAsync(before);

        await holder.StopAsync();
        foreach (var user in during)
        {
            harness.Bus.PublishLogout(user, DateTimeOffset.UtcNow); // while no one reads
        }

        var signedOut = new List<string>();
        for (var i = 0; i < during.Count; i++)
        {
            signedOut.Add(await harness.SignOuts.NextAsync());
        }

        Assert.Equal(during.Select(PubSubHarness.UsernameOf), signedOut);
        Assert.True(HoldsLease(standby, SignOutTopics.Logout));
        Assert.Equal(before.Count + during.Count, harness.SignOuts.All.Count(username => username.Contains("0Bef", StringComparison.Ordinal) || username.Contains("0Dur", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Redis_restarted_empty_loses_no_logout_published_while_it_was_down()
    {
        // Positions in the real Redis as well, each instance with its own connection, as separate processes have.
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < 2; i++)
        {
            await harness.StartSubscriberAsync(
                store: new Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache(Microsoft.Extensions.Options.Options.Create(
                    new Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions { Configuration = redis.ConnectionString + ",abortConnect=false" })),
                settings: new() { ["Cache:Redis"] = redis.ConnectionString, ["SignOut:SingleInstance"] = "false" },
                logged: line => { if (line.Contains($"on {SignOutTopics.Logout}: the lease was lost", StringComparison.Ordinal)) { lost.TrySetResult(); } });
        }

        await harness.PubSub.WhenSubscribedAsync(SignOutTopics.Logout).WaitAsync(TimeSpan.FromSeconds(30));
        await harness.LogOutAllAsync(Users(3, "0Rdb"));

        redis.Stop();
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(60)); // nobody reads now
        var whileDown = Users(1, "0Rdd")[0];
        harness.Bus.PublishLogout(whileDown, DateTimeOffset.UtcNow);
        redis.StartAgain();

        // Read from where the subscription got to (from the latest event it would never be): a copy outside Redis.
        // A standby's copy may be a few events behind, so an earlier logout may come again first (at least once).
        var next = await harness.SignOuts.NextAsync();
        for (var replayed = 0; next != PubSubHarness.UsernameOf(whileDown) && replayed < 3; replayed++)
        {
            Assert.Contains("0Rdb", next, StringComparison.Ordinal);
            next = await harness.SignOuts.NextAsync();
        }

        Assert.Equal(PubSubHarness.UsernameOf(whileDown), next);
        Assert.Single(harness.SignOuts.All, username => username == PubSubHarness.UsernameOf(whileDown));
    }

    [Fact]
    public async Task Without_redis_a_host_not_said_to_be_alone_does_not_subscribe_and_says_so()
    {
        var host = await harness.StartSubscriberAsync(settings: new() { ["SignOut:SingleInstance"] = "false" });
        await host.Services.GetRequiredService<SingleSignOutHealth>().DirectoryChecked.WaitAsync(TimeSpan.FromSeconds(30));

        var status = host.Services.GetRequiredService<SingleSignOutHealth>().Status();
        Assert.True(status.Degraded);
        Assert.Contains("SignOut__SingleInstance", status.Detail, StringComparison.Ordinal);
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.StartsWith("Single sign-out is not running", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Dynamic")]
    [InlineData("FlexConsumption")]
    public async Task On_a_Functions_plan_that_scales_to_zero_the_host_does_not_subscribe_and_says_so(string plan)
    {
        var host = await harness.StartSubscriberAsync(settings: new() { ["WEBSITE_SKU"] = plan, ["Cache:Redis"] = redis.ConnectionString, ["SignOut:SingleInstance"] = "false" });
        await host.Services.GetRequiredService<SingleSignOutHealth>().DirectoryChecked.WaitAsync(TimeSpan.FromSeconds(30));

        var status = host.Services.GetRequiredService<SingleSignOutHealth>().Status();
        Assert.True(status.Degraded);
        Assert.Contains($"WEBSITE_SKU={plan}", status.Detail, StringComparison.Ordinal);
        Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(), line => line.Message.Contains("scales to zero", StringComparison.Ordinal));
        Assert.Equal(0, harness.PubSub.SubscriptionsStarted(SignOutTopics.Logout));
    }

    [Fact]
    public async Task With_redis_unreachable_no_instance_can_read_and_health_says_so_once_it_lasts()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await harness.StartSubscriberAsync(
            settings: new() { ["Cache:Redis"] = $"127.0.0.1:{Loopback.FreePort()},connectTimeout=200", ["SignOut:SingleInstance"] = "false" },
            time: clock,
            // The Logout topic's own line: the two topics ask for their leases independently.
            logged: line => { if (line.Contains($"on {SignOutTopics.Logout}: the lease could not be asked for", StringComparison.Ordinal)) { refused.TrySetResult(); } });
        await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var health = host.Services.GetRequiredService<SingleSignOutHealth>();

        var atOnce = health.Status().Degraded;
        clock.Advance(SingleSignOutHealth.DownLimit + TimeSpan.FromSeconds(1));

        Assert.False(atOnce); // a passing Redis hiccup is not worth an alarm
        Assert.Contains("/event/LogoutEventStream down for", health.Status().Detail, StringComparison.Ordinal);
    }
}
