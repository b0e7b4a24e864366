using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// Single sign-out never goes quiet: its health is degraded while a subscription has been down past the limit, once an
/// event is parked (tested with the parking itself, NothingLostTests), or when the directory refuses the start-up check of its sign-out permission (said in one line).
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private PubSubHarness harness = null!;

    public async Task InitializeAsync() => harness = await PubSubHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public void A_subscription_down_past_the_limit_is_degraded_and_well_again_once_it_reads()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var health = new SingleSignOutHealth(new ParkedSignOuts(clock, NullLogger<ParkedSignOuts>.Instance), clock);

        health.Down("00D5j00000SfSsoEAA /data/UserChangeEvent");
        clock.Advance(SingleSignOutHealth.DownLimit);
        Assert.False(health.Status().Degraded); // a reconnection with its backoff takes this long
        clock.Advance(TimeSpan.FromSeconds(1));
        var down = health.Status();
        health.Up("00D5j00000SfSsoEAA /data/UserChangeEvent");

        Assert.True(down.Degraded);
        Assert.Equal("00D5j00000SfSsoEAA /data/UserChangeEvent down for 121 s", down.Detail);
        Assert.False(health.Status().Degraded);
    }

    [Fact]
    public async Task A_directory_that_refuses_sign_outs_is_said_at_start_up_in_one_line_and_degrades_health()
    {
        harness.SignOuts.Probe = DirectorySignOut.Unavailable;

        var host = await harness.StartSubscriberAsync();
        await host.Services.GetRequiredService<SingleSignOutHealth>().DirectoryChecked.WaitAsync(TimeSpan.FromSeconds(30));

        var status = host.Services.GetRequiredService<SingleSignOutHealth>().Status();
        Assert.True(status.Degraded);
        Assert.Contains("AdminUserGlobalSignOut", status.Detail, StringComparison.Ordinal);
        var line = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), record => record.Message.StartsWith("Single sign-out cannot sign users out", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, line.Level);
    }

    [Fact]
    public async Task A_directory_that_allows_sign_outs_says_so_and_health_is_ok()
    {
        var host = await harness.StartSubscriberAsync();
        await host.Services.GetRequiredService<SingleSignOutHealth>().DirectoryChecked.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(host.Services.GetRequiredService<SingleSignOutHealth>().Status().Degraded);
        Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), record => record.Message.StartsWith("Single sign-out may sign users out", StringComparison.Ordinal));
    }
}
