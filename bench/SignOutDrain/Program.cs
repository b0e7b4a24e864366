using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Emulators.Salesforce;

// N deactivations published at once, drained against the emulated pool enforcing Cognito's UserUpdate rate (25/s):
// drain time against the ideal (2 calls per sign-out at Cognito__SignOutRequestsPerSecond), none lost, none parked;
// and one logout published a third of the way in: how long until it reaches Cognito.
var users = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
const string OrgId = "00D5j00000SfSso";
string[] stackArgs =
[
    $"--LocalStack:ValidatorUrl=http://127.0.0.1:{FreePort()}",
    $"--LocalStack:CognitoUrl=http://127.0.0.1:{FreePort()}",
    $"--LocalStack:SalesforceUrl=http://127.0.0.1:{FreePort()}",
    $"--LocalStack:PubSubUrl=http://127.0.0.1:{FreePort()}",
    "--LocalStack:EnforceQuotas=true",
    $"--Cognito:SignOutRequestsPerSecond={rate}",
];
var app = LocalStackHost.Build(stackArgs, customize: builder => builder.Logging.ClearProviders().AddFilter(level => level >= LogLevel.Error).AddConsole());
await LocalStackHost.StartAsync(app);
var pool = app.Services.GetRequiredService<PoolUsers>();
var bus = app.Services.GetRequiredService<StandInEventBus>();
var pubSub = app.Services.GetRequiredService<PubSubStandIn>();
var settings = app.Services.GetRequiredService<LocalStackSettings>();
var org = SalesforceId.Parse(OrgId);
var admin = DemoUser.BuiltIn[1];

// The users, as first sign-ins made them: in the pool already, so every sign-out is the two calls it is in production.
var department = Enumerable.Range(0, users).Select(i => admin with { UserId = SalesforceId.Parse($"0055j{i:D10}"), Email = $"user{i}@example.com" }).ToList();
var loggingOut = admin with { UserId = SalesforceId.Parse("0055j0000Logout"), Email = "logout@example.com" };
foreach (var user in department.Append(loggingOut))
{
    pool.Create(IdentityMapping.UsernameFor(org, user.UserId), new Dictionary<string, string> { ["email"] = user.Email!, ["custom:sf_org_id"] = org.Value, ["custom:sf_user_id"] = user.UserId.Value });
}

await Task.WhenAll(SignOutTopics.All.Select(topic => pubSub.WhenSubscribedAsync(topic))).WaitAsync(TimeSpan.FromSeconds(30));
var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
var signedOut = Channel.CreateUnbounded<(string Topic, long At)>();
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, meters) =>
{
    if (instrument.Meter.Name == SignOutTelemetry.Name && instrument.Name == "sfsso.signout.events")
    {
        meters.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
{
    string? topic = null, outcome = null;
    foreach (var tag in tags)
    {
        if (tag.Key == "topic") topic = tag.Value as string;
        if (tag.Key == "outcome") outcome = tag.Value as string;
    }

    outcomes.AddOrUpdate(outcome ?? "?", 1, (_, count) => count + 1);
    if (outcome == "signed_out")
    {
        signedOut.Writer.TryWrite((topic ?? "?", Stopwatch.GetTimestamp()));
    }
});
listener.Start();

var started = Stopwatch.GetTimestamp();
foreach (var user in department)
{
    bus.PublishActiveChange(user, isActive: false, admin.UserId, DateTimeOffset.UtcNow);
}

long? logoutPublished = null;
long? logoutDone = null;
var deactivations = 0;
long lastDeactivation = started;
while (deactivations < users || logoutDone is null)
{
    if (logoutPublished is null && deactivations >= users / 3)
    {
        bus.PublishLogout(loggingOut, DateTimeOffset.UtcNow);
        logoutPublished = Stopwatch.GetTimestamp();
    }

    var (topic, at) = await signedOut.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(120));
    if (topic == SignOutTopics.Logout)
    {
        logoutDone = at;
    }
    else
    {
        deactivations++;
        lastDeactivation = at;
    }
}

var drain = Stopwatch.GetElapsedTime(started, lastDeactivation).TotalSeconds;
var ideal = (users + 1) * 2.0 / rate;
var parked = app.Services.GetRequiredService<ParkedSignOuts>().Count;
Console.WriteLine(new JsonObject
{
    ["users"] = users,
    ["signOutRequestsPerSecond"] = rate,
    ["drainSeconds"] = Math.Round(drain, 2),
    ["idealSeconds"] = Math.Round(ideal, 2),
    ["achievedOfConfiguredRate"] = Math.Round(ideal / drain, 3),
    ["signedOut"] = deactivations,
    ["parked"] = parked,
    ["throttledRetries"] = outcomes.GetValueOrDefault("throttled"),
    ["failed"] = outcomes.GetValueOrDefault("failed"),
    ["logoutDuringDrainMs"] = Math.Round(Stopwatch.GetElapsedTime(logoutPublished!.Value, logoutDone!.Value).TotalMilliseconds, 1),
}.ToJsonString());
await app.StopAsync();

static int FreePort()
{
    using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    socket.Start();
    return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
}
