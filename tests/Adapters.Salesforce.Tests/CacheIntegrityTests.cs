using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>Finding 2: whoever can write to Redis must not be able to mint a sign-in. Every entry is signed
/// (Cache__SigningKey) over the session's hash, the identity and the expiry.</summary>
public sealed class CacheIntegrityTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();
    private readonly RedisServer redis = new();

    public void Dispose()
    {
        redis.Dispose();
        salesforce.Dispose();
    }

    [Fact]
    public async Task An_entry_written_into_redis_without_our_signature_is_a_miss_and_logged_as_tampering()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 401, "[]");
        using var victim = Harness();
        await Shared(victim).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, DateTimeOffset.UtcNow.AddMinutes(5), mac: "forged"), Forever());

        var result = await victim.ValidateAsync(Samples.Session);

        Assert.Equal(FailureReason.InvalidSession, result.Failure?.Reason);
        Assert.Single(salesforce.Requests);
        Assert.Contains(LogText.Of(victim.Core.Logs), line => line.Contains("integrity check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_genuine_entry_moved_to_another_sessions_key_is_a_miss()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.OtherUserSession, 401, "[]");
        using var writer = Harness();
        Assert.True((await writer.ValidateAsync(Samples.Session)).IsValid);
        var genuine = await Shared(writer).GetAsync(Key(Samples.Session));
        await Shared(writer).SetAsync(Key(Samples.OtherUserSession), genuine!, Forever());
        using var reader = Harness();

        var result = await reader.ValidateAsync(Samples.OtherUserSession);

        Assert.Equal(FailureReason.InvalidSession, result.Failure?.Reason);
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Fact]
    public async Task A_correctly_signed_entry_past_its_expiry_is_a_miss()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 401, "[]");
        using var harness = Harness();
        var expired = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Shared(harness).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, expired, Mac(Samples.Session, Samples.UserId18, expired)), Forever());

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.False(result.IsValid);
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_correctly_signed_unexpired_entry_is_used_without_asking_salesforce()
    {
        // The same forging code as above, with the right key: proves the tests above fail for the right reason.
        using var harness = Harness();
        var expires = DateTimeOffset.UtcNow.AddSeconds(30);
        await Shared(harness).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, expires, Mac(Samples.Session, Samples.UserId18, expires)), Forever());

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.True(result.IsValid);
        Assert.Empty(salesforce.Requests);
    }

    [Theory]
    [InlineData(null, "127.0.0.1:6379", "Cache__SigningKey is required when Cache__Redis is set")]
    [InlineData("c2hvcnQ=", "127.0.0.1:6379", "Cache__SigningKey must be base64 of at least 32")]
    [InlineData(SalesforceHarness.SigningKey, "redis.internal.example:6379", "Cache__Redis must use TLS (ssl=true)")]
    public void Unsafe_cache_settings_stop_start_up(string? signingKey, string connection, string message)
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Cache:Redis"] = connection, ["Cache:SigningKey"] = signingKey },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<ValidationCacheOptions>>().Value);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_redis_over_tls_with_a_key_is_accepted()
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Cache:Redis"] = "redis.internal.example:6380,ssl=true", ["Cache:SigningKey"] = SalesforceHarness.SigningKey },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        Assert.Equal(15, core.Get<IOptions<ValidationCacheOptions>>().Value.TtlSeconds);
    }

    private SalesforceHarness Harness() => new(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString);

    private static IDistributedCache Shared(SalesforceHarness harness) => harness.Core.Get<IDistributedCache>();

    private static string Key(string session) => "session:v1:" + new SalesforceSession(session).ToHashKey();

    private static DistributedCacheEntryOptions Forever() => new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

    private static byte[] Entry(string userId, DateTimeOffset expires, string mac) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["orgId"] = Samples.OrgId18,
        ["userId"] = userId,
        ["email"] = Samples.Email,
        ["emailVerified"] = false,
        ["userType"] = "Internal",
        ["expiresAt"] = expires.ToUnixTimeSeconds(),
        ["mac"] = mac,
    }.ToJsonString());

    private static string Mac(string session, string userId, DateTimeOffset expires) => Convert.ToBase64String(HMACSHA256.HashData(
        Convert.FromBase64String(SalesforceHarness.SigningKey),
        Encoding.UTF8.GetBytes(string.Join('\n', "sfcognitosso-cache-v1", new SalesforceSession(session).ToHashKey(), Samples.OrgId18, userId, Samples.Email, "0", "Internal",
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)))));
}
