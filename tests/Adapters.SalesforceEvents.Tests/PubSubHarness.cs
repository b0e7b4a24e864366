using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// The Salesforce stand-in's token endpoint and Pub/Sub API on loopback (its event bus driven by the tests), and
/// subscribers started and stopped against it as a validator host runs them: Core, the sign-out directory recorded,
/// replay positions that outlive a subscriber (a restart).
/// </summary>
public sealed class PubSubHarness : IAsyncDisposable
{
    private readonly SalesforceEventsStandIn standIn;
    private readonly List<IHost> subscribers = [];
    private ReplayPositions? replays;

    private PubSubHarness(SalesforceEventsStandIn standIn) => this.standIn = standIn;

    public SalesforceEmulatorOptions Settings => standIn.Settings;

    public StandInEventBus Bus => standIn.Bus;

    public StandInEventsApp EventsApp => standIn.EventsApp;

    public PubSubStandIn PubSub => standIn.PubSub;

    /// <summary>Users signed out, in order, by every subscriber.</summary>
    public RecordingSignOuts SignOuts { get; } = new();

    /// <summary>Survives subscribers, as Redis does.</summary>
    public ObservedStore Store { get; } = new();

    public ReplayPositions Replays => replays ??= PositionsIn(Store);

    /// <summary>The validator's key pair: shared replay positions are signed with it.</summary>
    public static readonly System.Security.Cryptography.ECDsa ValidatorKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    public static Core.Tickets.TicketKeys Keys { get; } = new(Microsoft.Extensions.Options.Options.Create(
        new Core.Tickets.TicketKeyOptions { SigningKey = ValidatorKey.ExportPkcs8PrivateKeyPem() }));

    /// <summary>Replay positions kept in <paramref name="store"/> (as in Redis), signed by the validator's key.</summary>
    public static ReplayPositions PositionsIn(Microsoft.Extensions.Caching.Distributed.IDistributedCache store, ILogger<ReplayPositions>? logger = null) =>
        new(Keys, TimeProvider.System, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<ReplayPositions>.Instance, store);

    public DemoUser Alice => Settings.Users[0];

    public DemoUser Bob => Settings.Users[1];

    /// <summary>The username a first sign-in gives a demo user.</summary>
    public static string UsernameOf(DemoUser user) => Core.Identity.IdentityMapping.UsernameFor(user.OrgId, user.UserId);

    /// <summary>Both subscriptions started <paramref name="times"/> times in all: they start at LATEST, so an event
    /// published before they subscribed is never read.</summary>
    public Task WaitUntilSubscribedAsync(int times = 1) =>
        Task.WhenAll(SignOutTopics.All.Select(topic => PubSub.WhenSubscribedAsync(topic, times))).WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A logout for each user, published at once; then the next that many sign-outs, in order.</summary>
    public async Task<List<string>> LogOutAllAsync(IReadOnlyList<DemoUser> users)
    {
        foreach (var user in users)
        {
            Bus.PublishLogout(user, DateTimeOffset.UtcNow);
        }

        var signedOut = new List<string>();
        for (var i = 0; i < users.Count; i++)
        {
            signedOut.Add(await SignOuts.NextAsync());
        }

        return signedOut;
    }

    public string SubscriberLogs() => string.Join('\n', subscribers.SelectMany(host => LogText.Of(host.Services.GetFakeLogCollector())));

    /// <param name="standInSettings">More stand-in settings (<c>LocalStack:…</c>), e.g. the events app's token format.</param>
    /// <param name="standInTime">The stand-in's clock (its retention window, its records' change times).</param>
    /// <param name="observe">Hears each REST request the stand-in answers (a test counting Salesforce calls).</param>
    public static async Task<PubSubHarness> StartAsync(
        IEnumerable<KeyValuePair<string, string?>>? standInSettings = null, TimeProvider? standInTime = null, Action<Microsoft.AspNetCore.Http.HttpRequest>? observe = null)
    {
        var harness = new PubSubHarness(await SalesforceEventsStandIn.StartAsync(standInSettings, observe, standInTime));
        harness.SignOuts.Logs = harness.SubscriberLogs;
        return harness;
    }

    /// <summary>A validator host's subscriber for the demo org, with the events app's credentials (or others);
    /// its replay positions in <see cref="Store"/> and shared with every subscriber of the test (one process's), or
    /// in <paramref name="store"/>, fresh (a new process's).</summary>
    /// <param name="time">The host's clock; <paramref name="logged"/> hears every line as it is logged.</param>
    public async Task<IHost> StartSubscriberAsync(
        string? clientSecret = null,
        Microsoft.Extensions.Caching.Distributed.IDistributedCache? store = null,
        Dictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        Action<string>? logged = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging(options => options.OutputSink = logged);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var all = standIn.SubscriberSettings(clientSecret);
        all["SignOut:MaxBackoffSeconds"] = "1";
        all["SignOut:BatchSize"] = "4";
        all["SignOut:SingleInstance"] = "true";
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddSfCognitoSsoCore(builder.Configuration);
        builder.Services.AddSingleton<ISignOutDirectory>(SignOuts);
        if (store is null)
        {
            builder.Services.AddSingleton(Replays);
        }
        else
        {
            builder.Services.AddSingleton(provider => PositionsIn(store, provider.GetRequiredService<ILogger<ReplayPositions>>()));
        }

        builder.Services.AddSalesforceSignOutEvents(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        subscribers.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in subscribers)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await standIn.DisposeAsync();
    }

    /// <summary>A directory holding every demo user, recording each sign-out as it happens.</summary>
    public sealed class RecordingSignOuts : ISignOutDirectory
    {
        private readonly Channel<string> happened = Channel.CreateUnbounded<string>();

        public ConcurrentQueue<string> All { get; } = new();

        /// <summary>Usernames this directory does not hold.</summary>
        public HashSet<string> Unknown { get; } = new(StringComparer.Ordinal);

        /// <summary>What the start-up check answers: unknown user (allowed) unless a test denies sign-outs.</summary>
        public DirectorySignOut Probe { get; set; } = DirectorySignOut.UnknownUser;

        public ValueTask<DirectorySignOut> ProbeAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Probe);

        /// <summary>Usernames whose sign-out the directory answers as throttled, this many more times.</summary>
        public ConcurrentDictionary<string, int> Throttle { get; } = new(StringComparer.Ordinal);

        /// <summary>Usernames whose sign-out the directory refuses (as it would, denied or down).</summary>
        public ConcurrentDictionary<string, int> Refused { get; } = new(StringComparer.Ordinal);

        public ValueTask<DirectorySignOut> SignOutAsync(string username, DateTimeOffset signedOutAt, CancellationToken cancellationToken)
        {
            if (Unknown.Contains(username))
            {
                return ValueTask.FromResult(DirectorySignOut.UnknownUser);
            }

            if (Throttle.TryGetValue(username, out var left) && left > 0)
            {
                Throttle[username] = left - 1;
                return ValueTask.FromResult(DirectorySignOut.Throttled);
            }

            if (Refused.ContainsKey(username))
            {
                Refused.AddOrUpdate(username, 1, (_, tries) => tries + 1);
                return ValueTask.FromResult(DirectorySignOut.Unavailable);
            }

            All.Enqueue(username);
            happened.Writer.TryWrite(username);
            return ValueTask.FromResult(DirectorySignOut.SignedOut);
        }

        /// <summary>What the subscribers logged, for a failure's message.</summary>
        public Func<string>? Logs { get; set; }

        /// <summary>The next sign-out. The timeout only keeps a broken subscriber from hanging the run.</summary>
        public async Task<string> NextAsync()
        {
            try
            {
                return await happened.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("No sign-out within 30 s. The subscribers logged:\n" + Logs?.Invoke());
            }
        }
    }

    /// <summary>A shared store (as Redis is for replay positions) that tells when a value was written.</summary>
    public sealed class ObservedStore : Microsoft.Extensions.Caching.Distributed.IDistributedCache
    {
        private readonly Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache inner =
            new(Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()));

        private readonly ConcurrentDictionary<(string Key, string Value), TaskCompletionSource> awaited = new();

        /// <summary>Completes when replay ID <paramref name="replayId"/> is stored (signed) under a key ending in
        /// <paramref name="keySuffix"/>.</summary>
        public Task WhenStoredAsync(string keySuffix, byte[] replayId) =>
            awaited.GetOrAdd((keySuffix, System.Buffers.Text.Base64Url.EncodeToString(replayId) + "."), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
                .WaitAsync(TimeSpan.FromSeconds(30));

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions options) => inner.Set(key, value, options);

        public async Task SetAsync(string key, byte[] value, Microsoft.Extensions.Caching.Distributed.DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            await inner.SetAsync(key, value, options, token);
            foreach (var ((suffix, prefix), done) in awaited)
            {
                if (key.EndsWith(suffix, StringComparison.Ordinal) && System.Text.Encoding.ASCII.GetString(value).StartsWith(prefix, StringComparison.Ordinal))
                {
                    done.TrySetResult();
                }
            }
        }
    }
}
