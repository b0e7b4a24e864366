using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Contracts;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Testing.LocalStack;

/// <summary>
/// A deployment of three validator instances on loopback, as production runs it behind a load balancer: each a Kestrel
/// process of its own, sharing one redis-server (<c>Cache__Redis</c>), the Salesforce stand-in (REST and Pub/Sub API)
/// and the Cognito emulator. Salesforce calls are counted at the stand-in, sign-outs at the emulator. The project that
/// uses it references the Kestrel host, whose build output then holds <c>SfCognitoSso.Hosts.Kestrel.dll</c>.
/// </summary>
public sealed class Deployment : IAsyncLifetime
{
    /// <summary>Demo users of the stand-in made for these tests, beyond the built-in ones.</summary>
    public const int UserCount = 240;

    public const int PermitPerMinute = 60;

    private const string SignOutTarget = "AWSCognitoIdentityProviderService.AdminUserGlobalSignOut";

    private readonly ConcurrentDictionary<string, int> salesforceCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> signOuts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> signOutAwaited = new(StringComparer.Ordinal);
    private readonly string signingKey;
    private WebApplication? emulator;

    public Deployment()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        signingKey = key.ExportPkcs8PrivateKeyPem();
    }

    public RedisServer Redis { get; } = new();

    public SalesforceEventsStandIn Salesforce { get; private set; } = null!;

    public Uri CognitoUrl { get; } = new($"http://127.0.0.1:{Loopback.FreePort()}/");

    public List<ValidatorProcess> Instances { get; } = [];

    /// <summary>The users made for these tests (not the built-in demo users).</summary>
    public IReadOnlyList<DemoUser> Users => [.. Salesforce.Settings.Users.Where(user => user.Configured)];

    /// <summary>Instances started with the deployment.</summary>
    public int InitialInstances { get; init; } = 3;

    public async Task InitializeAsync()
    {
        Salesforce = await SalesforceEventsStandIn.StartAsync(Enumerable.Range(0, UserCount).SelectMany(UserSettings), CountSalesforceCall);
        emulator = StartEmulator();
        await emulator.StartAsync();
        for (var i = 0; i < InitialInstances; i++)
        {
            await StartInstanceAsync();
        }
    }

    /// <param name="overrides">Settings changed for this instance (null: removed).</param>
    public async Task<ValidatorProcess> StartInstanceAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = Environment();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                environment.Remove(key);
            }
            else
            {
                environment[key] = value;
            }
        }

        var instance = await ValidatorProcess.StartAsync($"instance {Instances.Count + 1}", environment);
        Instances.Add(instance);
        return instance;
    }

    public IEnumerable<ValidatorProcess> Running => Instances.Where(instance => instance.Running);

    /// <summary>Salesforce calls made with this session (the validator's checks of it).</summary>
    public int SalesforceCallsWith(string session) => salesforceCalls.GetValueOrDefault(session);

    /// <summary>Sign-outs the emulated pool carried out for this user.</summary>
    /// <summary>Usernames whose AdminUserGlobalSignOut the directory answers with a service fault while they are here.</summary>
    public ConcurrentDictionary<string, bool> SignOutsFailing { get; } = new(StringComparer.Ordinal);

    public int SignOutsOf(DemoUser user) => signOuts.GetValueOrDefault(Username(user));

    public static string Username(DemoUser user) => Core.Identity.IdentityMapping.UsernameFor(user.OrgId, user.UserId);

    /// <summary>Completes once the pool has signed every one of <paramref name="users"/> out at least once; after
    /// <paramref name="patience"/>, fails with what the instances logged about single sign-out.</summary>
    public async Task WhenSignedOutAsync(IEnumerable<DemoUser> users, TimeSpan patience)
    {
        try
        {
            await Task.WhenAll(users.Select(user => signOutAwaited.GetOrAdd(Username(user), _ => NewAwaited(Username(user))).Task)).WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            var logged = Instances.SelectMany(instance => instance.Lines
                .Where(line => line.Contains("ingle sign-out", StringComparison.Ordinal) || line.Contains("Redis", StringComparison.Ordinal))
                .TakeLast(40)
                .Select(line => $"{instance.Name}: {line}"));
            throw new TimeoutException($"Not every user was signed out within {patience.TotalSeconds} s. The instances logged:\n{string.Join('\n', logged)}");
        }
    }

    /// <summary>The instance whose log says it reads the topic now, among the live.</summary>
    public ValidatorProcess? LeaseHolder(string topic) => Running.FirstOrDefault(instance => HoldsLease(instance, topic));

    /// <summary>Its log says it took the topic's lease more often than it lost it.</summary>
    public static bool HoldsLease(ValidatorProcess instance, string topic) =>
        instance.Lines.Count(line => line.Contains($"on {topic}: this instance holds the lease", StringComparison.Ordinal))
        > instance.Lines.Count(line => line.Contains($"on {topic}: the lease was lost", StringComparison.Ordinal));

    private TaskCompletionSource NewAwaited(string username)
    {
        var awaited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (signOuts.ContainsKey(username))
        {
            awaited.TrySetResult();
        }

        return awaited;
    }

    private static IEnumerable<KeyValuePair<string, string?>> UserSettings(int index)
    {
        var prefix = $"LocalStack:Users:{index}:";
        yield return new(prefix + "SessionId", $"00D5j00000SfSso!deployment.session.{index:D4}.of.a.test.user");
        yield return new(prefix + "UserId", $"0055j0M{index:D8}");
        yield return new(prefix + "Email", $"user{index}@deployment.example.com");
    }

    private int sweeps;
    private readonly TaskCompletionSource firstSweep = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sweeps made against the org so far, by any instance (each starts with its deactivated-users query).</summary>
    public int Sweeps => Volatile.Read(ref sweeps);

    /// <summary>Completes once any instance has swept.</summary>
    public Task FirstSweep => firstSweep.Task;

    private readonly Lock sweepLock = new();
    private readonly List<(string Since, TaskCompletionSource Seen)> sweepsSeen = [];

    /// <summary>The mark each sweep so far started from, as its deactivated-users query gave it (SOQL's literal).</summary>
    public IReadOnlyList<string> SweepMarks
    {
        get
        {
            lock (sweepLock)
            {
                return [.. sweepsSeen.Select(sweep => sweep.Since)];
            }
        }
    }

    /// <summary>The mark the sweep numbered <paramref name="count"/> (1 the first) started from, once it has started.</summary>
    public async Task<string> SweepAsync(int count, TimeSpan patience)
    {
        Task seen;
        lock (sweepLock)
        {
            while (sweepsSeen.Count < count)
            {
                sweepsSeen.Add((string.Empty, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
            }

            seen = sweepsSeen[count - 1].Seen.Task;
        }

        await seen.WaitAsync(patience);
        return SweepMarks[count - 1];
    }

    private void CountSalesforceCall(HttpRequest request)
    {
        const string SweepQuery = "SELECT Id, SystemModstamp FROM User WHERE IsActive = false AND SystemModstamp > ";
        var query = request.Query["q"].ToString();
        if (query.StartsWith(SweepQuery, StringComparison.Ordinal))
        {
            var number = Interlocked.Increment(ref sweeps);
            var since = query[SweepQuery.Length..].Split(' ')[0];
            lock (sweepLock)
            {
                while (sweepsSeen.Count < number)
                {
                    sweepsSeen.Add((string.Empty, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
                }

                var (_, seen) = sweepsSeen[number - 1];
                sweepsSeen[number - 1] = (since, seen);
                seen.TrySetResult();
            }

            firstSweep.TrySetResult();
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            salesforceCalls.AddOrUpdate(authorization["Bearer ".Length..], 1, (_, count) => count + 1);
        }
    }

    private WebApplication StartEmulator()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, CognitoUrl.Port));
        builder.Services.AddLocalCognito(pool =>
        {
            pool.CustomAttributes = [.. UserAttributes.Custom];
            pool.WriteAttributes = ["locale", "zoneinfo"];
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers["X-Amz-Target"] != SignOutTarget)
            {
                await next(context);
                return;
            }

            context.Request.EnableBuffering();
            var body = await JsonNode.ParseAsync(context.Request.Body);
            context.Request.Body.Position = 0;
            if (body?["Username"]?.GetValue<string>() is { } refused && SignOutsFailing.ContainsKey(refused))
            {
                // Cognito failing for this user (as a service fault answers): the sign-out is retried, then parked.
                context.Response.StatusCode = 500;
                context.Response.ContentType = "application/x-amz-json-1.1";
                await context.Response.WriteAsync("""{"__type":"InternalErrorException","message":"An internal error occurred (the deployment test's fault)."}""");
                return;
            }

            await next(context);
            if (context.Response.StatusCode == 200 && body?["Username"]?.GetValue<string>() is { } username)
            {
                signOuts.AddOrUpdate(username, 1, (_, count) => count + 1);
                signOutAwaited.GetOrAdd(username, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        });
        app.RunLocalCognito();
        return app;
    }

    private Dictionary<string, string> Environment()
    {
        var settings = new Dictionary<string, string>
        {
            ["Directory__Provider"] = "Cognito",
            ["Cognito__UserPoolId"] = LocalCognitoOptions.DefaultUserPoolId,
            ["Cognito__ServiceUrl"] = CognitoUrl.ToString(),
            ["AWS_ACCESS_KEY_ID"] = AdminSignature.LocalCredentials.GetCredentials().AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = AdminSignature.LocalCredentials.GetCredentials().SecretKey,
            ["Cache__Redis"] = Redis.ConnectionString,
            ["Cache__TtlSeconds"] = "60",
            ["Ticket__SigningKey"] = signingKey,
            ["RateLimit__PermitPerMinute"] = PermitPerMinute.ToString(CultureInfo.InvariantCulture),
            ["SignOut__MaxBackoffSeconds"] = "1",
            // A sweep when an instance takes the user changes' lease, and none on a timer while the tests run.
            ["SignOut__SweepMinutes"] = "60",
            // The stand-in's JWT-based access tokens sign users in too.
            ["Salesforce__Orgs__0__Jwt__ClientIds__0"] = StandInAccessTokens.ClientId,
        };
        foreach (var (key, value) in Salesforce.SubscriberSettings())
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return settings;
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            instance.Dispose();
        }

        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }

        await Salesforce.DisposeAsync();
        Redis.Dispose();
    }
}
