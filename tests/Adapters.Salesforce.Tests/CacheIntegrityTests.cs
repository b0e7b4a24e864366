using SfCognitoSso.Core.Tickets;
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

/// <summary>Whoever can write to Redis must not be able to mint a sign-in, and (review round three, finding 7) neither
/// may whoever reads a trigger's configuration: shared entries carry the validator's ES256 signature over the
/// session's hash, the identity and the expiry; the triggers hold only its public key.</summary>
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
        await Shared(victim).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, DateTimeOffset.UtcNow.AddMinutes(5), signature: "forged"), Forever());

        var result = await victim.ValidateAsync(Samples.Session);

        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
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

        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Fact]
    public async Task A_correctly_signed_entry_past_its_expiry_is_a_miss()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 401, "[]");
        using var harness = Harness();
        var expired = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Shared(harness).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, expired, Signature(SalesforceHarness.ValidatorKey, Samples.Session, Samples.UserId18, expired)), Forever());

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
        await Shared(harness).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, expires, Signature(SalesforceHarness.ValidatorKey, Samples.Session, Samples.UserId18, expires)), Forever());

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.True(result.IsValid);
        Assert.Empty(salesforce.Requests);
    }

    [Fact]
    public async Task An_entry_signed_with_any_other_key_is_a_miss_even_a_correct_one()
    {
        // A key anyone can make: the symmetric key of old could be read from a trigger's environment and used this way.
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 401, "[]");
        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var harness = Harness();
        var expires = DateTimeOffset.UtcNow.AddSeconds(30);
        await Shared(harness).SetAsync(Key(Samples.Session), Entry(Samples.UserId18, expires, Signature(attackerKey, Samples.Session, Samples.UserId18, expires)), Forever());

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.False(result.IsValid);
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_trigger_with_the_public_key_reads_the_validators_entry_and_never_writes_one()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.OtherUserSession, 200, SalesforceStub.ChatterUser(userId: Samples.OtherUserId18));
        using var validator = Harness();
        using var trigger = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString, signs: false);
        Assert.True((await validator.ValidateAsync(Samples.Session)).IsValid);

        var reused = await trigger.ValidateAsync(Samples.Session);
        var ownCheck = await trigger.ValidateAsync(Samples.OtherUserSession);

        Assert.True(reused.IsValid);
        Assert.True(ownCheck.IsValid);
        Assert.Equal(2, salesforce.Requests.Count);
        Assert.Null(await Shared(trigger).GetAsync(Key(Samples.OtherUserSession)));
    }

    [Theory]
    [InlineData(null, null, "127.0.0.1:6379", "Cache__Redis needs the validator's ES256 key")]
    [InlineData("c2ZzLWxvY2FsLXRlc3QtY2FjaGUtc2lnbmluZy1rZXkhIQ==", null, "127.0.0.1:6379", "Cache__SigningKey is no longer used")]
    [InlineData(null, "pem", "redis.internal.example:6379", "Cache__Redis must use TLS (ssl=true)")]
    public void Unsafe_cache_settings_stop_start_up(string? legacyKey, string? signingKey, string connection, string message)
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?>
            {
                ["Cache:Redis"] = connection,
                ["Cache:SigningKey"] = legacyKey,
                ["Ticket:SigningKey"] = signingKey is null ? null : SalesforceHarness.SigningKeyPem,
            },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<ValidationCacheOptions>>().Value);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ticket:SigningKey", "not a key", "Ticket__SigningKey must be a PEM EC private key on P-256")]
    [InlineData("Ticket:PublicKeys:0", "{\"kty\":\"RSA\"}", "Ticket__PublicKeys__0 must be a P-256 public key")]
    [InlineData("Ticket:PublicKeys:0", "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}", "Ticket__PublicKeys__0 must be a P-256 public key")]
    [InlineData("Ticket:PublicKeys:0", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "Ticket__PublicKeys__0 must be a P-256 public key")]
    [InlineData("Ticket:PublicKeys:0", "not a key", "Ticket__PublicKeys__0 must be a P-256 public key")]
    [MemberData(nameof(KeysOfAnotherKind))]
    public void A_key_that_is_not_es256_stops_start_up(string setting, string value, string message)
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { [setting] = value },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<TicketKeyOptions>>().Value);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a PEM bundle whose second block is the private key")]
    [InlineData("a PEM private key alone")]
    [InlineData("a PEM bundle of two public keys")]
    [InlineData("an EC private JWK")]
    [InlineData("a JWK with a symmetric key")]
    [InlineData("a JWK with RSA private members")]
    public void A_public_key_setting_holding_private_material_stops_start_up_without_printing_it(string kind)
    {
        var key = SalesforceHarness.ValidatorKey;
        var point = key.ExportParameters(includePrivateParameters: true);
        static string Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var secret = Url(point.D!);
        var publicJwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Url(point.Q.X!), ["y"] = Url(point.Q.Y!) };
        var value = kind switch
        {
            "a PEM bundle whose second block is the private key" => SalesforceHarness.PublicKeyPem + "\n" + key.ExportPkcs8PrivateKeyPem(),
            "a PEM private key alone" => key.ExportECPrivateKeyPem(),
            "a PEM bundle of two public keys" => SalesforceHarness.PublicKeyPem + "\n" + SalesforceHarness.PublicKeyPem,
            "an EC private JWK" => new JsonObject(publicJwk.Select(member => KeyValuePair.Create(member.Key, member.Value?.DeepClone()))) { ["d"] = secret }.ToJsonString(),
            "a JWK with a symmetric key" => new JsonObject(publicJwk.Select(member => KeyValuePair.Create(member.Key, member.Value?.DeepClone()))) { ["k"] = secret }.ToJsonString(),
            _ => new JsonObject(publicJwk.Select(member => KeyValuePair.Create(member.Key, member.Value?.DeepClone()))) { ["p"] = secret, ["qi"] = secret }.ToJsonString(),
        };
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Ticket:PublicKeys:0"] = value },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<TicketKeyOptions>>().Value);

        Assert.StartsWith(kind == "a PEM bundle of two public keys" ? "Ticket__PublicKeys__0 holds more than one PEM block" : "Ticket__PublicKeys__0 holds private key material", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MII", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_is_read_as_pem_or_jwk()
    {
        var point = SalesforceHarness.ValidatorKey.ExportParameters(includePrivateParameters: false).Q;
        static string Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var jwk = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Url(point.X!), ["y"] = Url(point.Y!) }.ToJsonString();
        var data = "signed"u8.ToArray();
        var signature = SalesforceHarness.ValidatorKey.SignData(data, HashAlgorithmName.SHA256);

        var keys = new TicketKeys(Options.Create(new TicketKeyOptions { PublicKeys = [SalesforceHarness.PublicKeyPem, jwk] })).Verifiers;

        Assert.All(keys, key => Assert.True(key.VerifyData(data, signature, HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void A_remote_redis_over_tls_with_a_key_is_accepted()
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Cache:Redis"] = "redis.internal.example:6380,ssl=true", ["Ticket:PublicKeys:0"] = SalesforceHarness.PublicKeyPem },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        Assert.Equal(15, core.Get<IOptions<ValidationCacheOptions>>().Value.TtlSeconds);
    }

    private SalesforceHarness Harness() => new(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString);

    private static IDistributedCache Shared(SalesforceHarness harness) => harness.Core.Get<IDistributedCache>();

    private static string Key(string session) => "session:v1:" + new SalesforceSession(session).ToHashKey();

    private static DistributedCacheEntryOptions Forever() => new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

    private static byte[] Entry(string userId, DateTimeOffset expires, string signature) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["orgId"] = Samples.OrgId18,
        ["userId"] = userId,
        ["email"] = Samples.Email,
        ["emailVerified"] = false,
        ["userType"] = "Internal",
        ["expiresAt"] = expires.ToUnixTimeSeconds(),
        ["signature"] = signature,
    }.ToJsonString());

    private static string Signature(ECDsa key, string session, string userId, DateTimeOffset expires) => Convert.ToBase64String(key.SignData(
        Encoding.UTF8.GetBytes(string.Join('\n', "sfcognitosso-cache-v2", new SalesforceSession(session).ToHashKey(), Samples.OrgId18, userId, Samples.Email, "0", "Internal",
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))),
        HashAlgorithmName.SHA256));

    /// <summary>A P-384 public key, a P-256 private key given where a public one belongs, and a corrupted P-256 key
    /// whose point is off the curve (as PEM and as JWK): each would otherwise fail every verify once imported.</summary>
    public static TheoryData<string, string, string> KeysOfAnotherKind()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = p256.ExportParameters(includePrivateParameters: false).Q;
        var offCurveY = (byte[])point.Y!.Clone();
        offCurveY[^1] ^= 1;
        var spki = p256.ExportSubjectPublicKeyInfo();
        spki[^1] ^= 1; // the point is the DER's last 65 bytes: its Y coordinate ends it
        static string Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new()
        {
            { "Ticket:PublicKeys:0", p384.ExportSubjectPublicKeyInfoPem(), "Ticket__PublicKeys__0 must be a P-256 public key" },
            { "Ticket:PublicKeys:0", p256.ExportPkcs8PrivateKeyPem(), "Ticket__PublicKeys__0 holds private key material" },
            { "Ticket:PublicKeys:0", new string(PemEncoding.Write("PUBLIC KEY", spki)), "Ticket__PublicKeys__0 must be a P-256 public key" },
            { "Ticket:PublicKeys:0", new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Url(point.X!), ["y"] = Url(offCurveY) }.ToJsonString(), "Ticket__PublicKeys__0 must be a P-256 public key" },
        };
    }
}
