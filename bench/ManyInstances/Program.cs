using System.Diagnostics;
using System.Globalization;
using System.Text;
using SfCognitoSso.Testing.LocalStack;

const string LogoutTopic = "/event/LogoutEventStream";
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var kills = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var burstOnly = args.Length > 2 && args[2] == "burst";

var deployment = new Deployment { InitialInstances = 0 };
await deployment.InitializeAsync();
try
{
    // Throughput: the same cached session validated over and over (answered from the instance's memory, so the
    // limiter is the only part that differs), no rate limit reached; events off so nothing else runs.
    var open = new Dictionary<string, string?>
    {
        ["RateLimit__PermitPerMinute"] = "1000000",
        ["RateLimit__MaxConcurrent"] = "100000",
        ["Salesforce__Orgs__0__Events__ClientId"] = null,
        ["Salesforce__Orgs__0__Events__ClientSecret"] = null,
    };
    if (burstOnly)
    {
        var admitted = await BurstAsync(deployment, open, deployment.Users[0].SessionId);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"burstAdmitted\":{admitted},\"burstLimit\":600}}"));
        return;
    }

    var inProcess = await deployment.StartInstanceAsync(new Dictionary<string, string?>(open) { ["Cache__Redis"] = null });
    var shared = await deployment.StartInstanceAsync(open);
    var session = deployment.Users[0].SessionId;
    var ownRates = new List<double>();
    var sharedRates = new List<double>();
    await RateAsync(inProcess.Url, session, 2); // warm both up
    await RateAsync(shared.Url, session, 2);
    var commandsPerRequest = new List<double>();
    var ownP99 = new List<double>();
    var sharedP99 = new List<double>();
    for (var round = 0; round < 3; round++)
    {
        var ownRound = await TimedRateAsync(inProcess.Url, session, seconds);
        ownRates.Add(ownRound.PerSecond);
        ownP99.Add(ownRound.P99);
        // What an admitted request costs Redis, counted by Redis itself (INFO commandstats) over the shared round.
        await deployment.Redis.ResetStatsAsync();
        var served = await TimedRateAsync(shared.Url, session, seconds);
        sharedRates.Add(served.PerSecond);
        sharedP99.Add(served.P99);
        commandsPerRequest.Add((await deployment.Redis.CommandsAsync() - 1) / (double)served.Count); // less INFO itself
    }

    // What the shared limiter costs Redis at two paced rates (open loop: requests sent on a schedule, whatever the
    // answers take), counted by Redis over each run.
    var paced = new List<string>();
    foreach (var rate in new[] { 1_000, 10_000 })
    {
        var alone = await PacedAsync(inProcess.Url, session, rate, seconds);
        await deployment.Redis.ResetStatsAsync();
        var served = await PacedAsync(shared.Url, session, rate, seconds);
        var commands = await deployment.Redis.CommandsAsync() - 1;
        paced.Add(string.Create(CultureInfo.InvariantCulture,
            $"{{\"asked\":{rate},\"served\":{served.PerSecond:F0},\"redisCommands\":{commands},\"perRequest\":{commands / (double)served.Count:F4},\"p99MsInProcess\":{alone.P99:F2},\"p99MsShared\":{served.P99:F2}}}"));
    }

    inProcess.Dispose();
    shared.Dispose();

    var burstAdmitted = await BurstAsync(deployment, open, session);

    // A mark written by one instance, heard by another: two feeds on the same Redis, 1,000 marks one after another.
    var markMilliseconds = await MarkDeliveryAsync(deployment.Redis.ConnectionString, 1_000);

    // Takeover: three instances reading events; the holder killed with SIGKILL, timed until another says it holds.
    for (var i = 0; i < 3; i++)
    {
        await deployment.StartInstanceAsync();
    }

    var takeovers = new List<double>();
    for (var kill = 0; kill < kills; kill++)
    {
        var holder = await HolderAsync(deployment);
        var others = deployment.Running.Where(instance => instance != holder).ToList();
        holder.KillHard();
        var clock = Stopwatch.StartNew();
        while (!others.Any(instance => Deployment.HoldsLease(instance, LogoutTopic)))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException("no instance took over within 120 s");
            }

            await Task.Delay(20);
        }

        takeovers.Add(clock.Elapsed.TotalSeconds);
        await deployment.StartInstanceAsync();
    }

    takeovers.Sort();
    var own = Median(ownRates);
    var sharedMedian = Median(sharedRates);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"requestsPerSecondInProcessLimiter\":{own:F0},\"requestsPerSecondSharedLimiter\":{sharedMedian:F0},\"ratio\":{sharedMedian / own:F3},\"p99MsInProcess\":{Median(ownP99):F2},\"p99MsShared\":{Median(sharedP99):F2},\"redisCommandsPerRequest\":{Median(commandsPerRequest):F4},\"paced\":[{string.Join(',', paced)}],\"burstAdmitted\":{burstAdmitted},\"burstLimit\":600,\"markMillisecondsP50\":{markMilliseconds[markMilliseconds.Count / 2]:F2},\"markMillisecondsP99\":{markMilliseconds[(int)(markMilliseconds.Count * 0.99)]:F2},\"markMillisecondsMax\":{markMilliseconds[^1]:F2},\"takeoverSecondsP50\":{Median(takeovers):F1},\"takeoverSecondsMax\":{takeovers[^1]:F1},\"kills\":{kills},\"takeovers\":[{string.Join(',', takeovers.Select(value => value.ToString("F1", CultureInfo.InvariantCulture)))}]}}"));
}
finally
{
    await deployment.DisposeAsync();
}

// The bound under a burst: three fresh instances, limit 600 a minute, 1,800 requests from one client at once; how many
// were admitted.
static async Task<int> BurstAsync(Deployment deployment, Dictionary<string, string?> open, string session)
{
    var limited = new Dictionary<string, string?>(open) { ["RateLimit__PermitPerMinute"] = "600" };
    var three = new List<ValidatorProcess>();
    for (var i = 0; i < 3; i++)
    {
        three.Add(await deployment.StartInstanceAsync(limited));
    }

    try
    {
        await deployment.Redis.WhenInstancesKnowEachOtherAsync(3, TimeSpan.FromSeconds(30));
        var client = System.Net.IPAddress.Parse("127.0.115.1");
        var clients = three.Select(instance => new SfCognitoSso.Testing.HttpValidatorClient(instance.Url)).ToList();
        var answers = await Task.WhenAll(Enumerable.Range(0, 1_800).Select(i =>
            clients[i % 3].SendAsync(SfCognitoSso.Testing.ValidatorRequest.ValidateSession(session, client))));
        return answers.Count(answer => answer.Status != 429);
    }
    finally
    {
        foreach (var instance in three)
        {
            instance.Dispose();
        }
    }
}

// Requests sent on a schedule by 64 senders, each its share of the rate; what was served, per second and in total.
static async Task<(double PerSecond, long Count, double P99)> PacedAsync(Uri validator, string session, int rate, int seconds)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<List<double>>();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = validator };
    var body = Encoding.UTF8.GetBytes($$"""{"sessionId":"{{session}}"}""");
    const int Senders = 64;
    var interval = TimeSpan.FromSeconds(Senders / (double)rate);
    var clock = Stopwatch.StartNew();
    var ok = 0L;
    await Task.WhenAll(Enumerable.Range(0, Senders).Select(async sender =>
    {
        var mine = new List<double>();
        latencies.Add(mine);
        var next = interval * sender / Senders;
        while (next < TimeSpan.FromSeconds(seconds))
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (await ValidateAsync(http, body, mine))
            {
                Interlocked.Increment(ref ok);
            }

            next += interval;
        }
    }));
    var all = latencies.SelectMany(list => list).Order().ToList();
    return (ok / clock.Elapsed.TotalSeconds, ok, all[(int)(all.Count * 0.99)]);
}

// One validation, its latency kept; whether it was served.
static async Task<bool> ValidateAsync(HttpClient http, byte[] body, List<double> latencies)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    var sent = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync(new Uri("v1/sessions/validate", UriKind.Relative), content);
    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    return response.IsSuccessStatusCode;
}

// Milliseconds from a mark's write on one feed to its arrival at another, sorted.
static async Task<List<double>> MarkDeliveryAsync(string redis, int marks)
{
    var options = Microsoft.Extensions.Options.Options.Create(new SfCognitoSso.Adapters.Salesforce.ValidationCacheOptions { Redis = redis });
    using var writer = new SfCognitoSso.Adapters.Salesforce.SignOutMarkFeed(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SfCognitoSso.Adapters.Salesforce.SignOutMarkFeed>.Instance);
    using var reader = new SfCognitoSso.Adapters.Salesforce.SignOutMarkFeed(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SfCognitoSso.Adapters.Salesforce.SignOutMarkFeed>.Instance);
    var heard = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
    reader.OnMark((key, _) => heard.TryAdd(key, Stopwatch.GetTimestamp()));
    var watch = Stopwatch.StartNew();
    while (reader.LastEcho is null || writer.LastEcho is null)
    {
        if (watch.Elapsed > TimeSpan.FromSeconds(30))
        {
            throw new TimeoutException("the feeds did not start listening");
        }

        await Task.Delay(10);
    }

    var times = new List<double>();
    for (var i = 0; i < marks; i++)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"signout:v1:00D000000000001:005{i:D12}");
        var written = Stopwatch.GetTimestamp();
        await writer.WriteAsync(key, new SfCognitoSso.Adapters.Salesforce.CachedSignOut { At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, TimeSpan.FromSeconds(60));
        while (!heard.ContainsKey(key))
        {
            await Task.Yield();
        }

        times.Add(Stopwatch.GetElapsedTime(written, heard[key]).TotalMilliseconds);
    }

    times.Sort();
    return times;
}

static async Task<ValidatorProcess> HolderAsync(Deployment deployment)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(120))
    {
        if (deployment.LeaseHolder(LogoutTopic) is { } holder)
        {
            return holder;
        }

        await Task.Delay(20);
    }

    throw new TimeoutException("no instance holds the logout lease");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

// 32 clients in a loop for the given seconds; completed 200s per second.
static async Task<double> RateAsync(Uri validator, string session, int seconds) => (await CountedRateAsync(validator, session, seconds)).PerSecond;

static async Task<(double PerSecond, long Count)> CountedRateAsync(Uri validator, string session, int seconds) =>
    (await TimedRateAsync(validator, session, seconds)) is var (perSecond, count, _) ? (perSecond, count) : default;

// The same, with each request's latency: the p99 in milliseconds as well.
static async Task<(double PerSecond, long Count, double P99)> TimedRateAsync(Uri validator, string session, int seconds)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<List<double>>();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = validator };
    var body = Encoding.UTF8.GetBytes($$"""{"sessionId":"{{session}}"}""");
    var until = Stopwatch.StartNew();
    var ok = 0L;
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
    {
        var mine = new List<double>();
        latencies.Add(mine);
        while (until.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await ValidateAsync(http, body, mine))
            {
                Interlocked.Increment(ref ok);
            }
        }
    }));
    var all = latencies.SelectMany(list => list).Order().ToList();
    return (ok / until.Elapsed.TotalSeconds, ok, all[(int)(all.Count * 0.99)]);
}
