using System.Diagnostics;
using System.Globalization;
using System.Text;
using SfCognitoSso.Testing.LocalStack;

const string LogoutTopic = "/event/LogoutEventStream";
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var kills = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;

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
    var inProcess = await deployment.StartInstanceAsync(new Dictionary<string, string?>(open) { ["Cache__Redis"] = null });
    var shared = await deployment.StartInstanceAsync(open);
    var session = deployment.Users[0].SessionId;
    var ownRates = new List<double>();
    var sharedRates = new List<double>();
    await RateAsync(inProcess.Url, session, 2); // warm both up
    await RateAsync(shared.Url, session, 2);
    var commandsPerRequest = new List<double>();
    for (var round = 0; round < 3; round++)
    {
        ownRates.Add(await RateAsync(inProcess.Url, session, seconds));
        // What an admitted request costs Redis, counted by Redis itself (INFO commandstats) over the shared round.
        await deployment.Redis.ResetStatsAsync();
        var served = await CountedRateAsync(shared.Url, session, seconds);
        sharedRates.Add(served.PerSecond);
        commandsPerRequest.Add((await deployment.Redis.CommandsAsync() - 1) / (double)served.Count); // less INFO itself
    }

    inProcess.Dispose();
    shared.Dispose();

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
        $"{{\"requestsPerSecondInProcessLimiter\":{own:F0},\"requestsPerSecondSharedLimiter\":{sharedMedian:F0},\"ratio\":{sharedMedian / own:F3},\"redisCommandsPerRequest\":{Median(commandsPerRequest):F2},\"takeoverSecondsP50\":{Median(takeovers):F1},\"takeoverSecondsMax\":{takeovers[^1]:F1},\"kills\":{kills},\"takeovers\":[{string.Join(',', takeovers.Select(value => value.ToString("F1", CultureInfo.InvariantCulture)))}]}}"));
}
finally
{
    await deployment.DisposeAsync();
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

static async Task<(double PerSecond, long Count)> CountedRateAsync(Uri validator, string session, int seconds)
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = validator };
    var body = Encoding.UTF8.GetBytes($$"""{"sessionId":"{{session}}"}""");
    var until = Stopwatch.StartNew();
    var ok = 0L;
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
    {
        while (until.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri("v1/sessions/validate", UriKind.Relative), content);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref ok);
            }
        }
    }));
    return (ok / until.Elapsed.TotalSeconds, ok);
}
