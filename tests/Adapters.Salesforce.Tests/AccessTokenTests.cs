using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>
/// Salesforce JWT-based access tokens checked offline: every check their format implies, each refusal with no outbound
/// call where none is needed, the keys only from the org's configured instance, and the real token from Salesforce's
/// mobile SDK tests read as Salesforce wrote it.
/// </summary>
public sealed class AccessTokenTests : IDisposable
{
    private const string ClientId = "3MVG9TestConnectedAppConsumerKey";

    private static readonly string[] EvilAudience = ["https://evil.my.salesforce.com"];

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private readonly SalesforceStub stub = new();
    private readonly FakeTimeProvider clock = new(Now);
    private readonly RSA orgKey = RSA.Create(2048);
    private readonly string keyId = $"CORE_ATJWT.{Samples.OrgId15}.1725579420125";
    private readonly SalesforceHarness harness;

    public AccessTokenTests()
    {
        PublishKeys(stub.Url + "/id/keys", orgKey);
        harness = new SalesforceHarness(stub, time: clock, more: new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:0:Jwt:ClientIds:0"] = ClientId,
            ["Salesforce:Orgs:0:Jwt:MaxLifetimeMinutes"] = "30",
        });
    }

    private IAccessTokenValidator Tokens => harness.Core.Get<IAccessTokenValidator>();

    private int KeyReads => stub.Requests.Count(request => request.RequestMessage.Path is "/.well-known/openid-configuration" or "/id/keys");

    [Fact]
    public async Task A_token_of_a_trusted_org_signed_with_its_published_key_names_its_org_user_and_issue_time()
    {
        var check = await CheckAsync(Token());

        Assert.True(check.Succeeded, check.Refusal?.Message);
        Assert.Equal(Samples.OrgId18, check.Org.OrgId.Value);
        Assert.Equal(Samples.UserId18, check.UserId.Value);
        Assert.Equal(Now, check.IssuedAt);
        Assert.Equal(2, KeyReads);
    }

    [Fact]
    public async Task The_keys_are_read_once_and_kept()
    {
        await CheckAsync(Token());
        var second = await CheckAsync(Token());

        Assert.True(second.Succeeded);
        Assert.Equal(2, KeyReads);
        Assert.DoesNotContain(stub.Requests, request => request.RequestMessage.Path is SalesforceStub.ChatterPath or SalesforceStub.UserInfoPath);
    }

    public static TheoryData<string> RefusedBeforeAnyCall => new()
    {
        "another org", "wrong tty", "no tty", "alg none", "alg HS256", "alg PS256", "wrong iss", "wrong aud", "expired",
        "not yet valid", "too long-lived", "unknown client_id", "no client_id", "no user", "kid of another org", "not a JWT",
    };

    [Theory]
    [MemberData(nameof(RefusedBeforeAnyCall))]
    public async Task A_token_that_cannot_be_good_is_refused_with_no_outbound_call(string kind)
    {
        var token = kind switch
        {
            "another org" => Token(header: header => { header["tnk"] = $"core/other/{SalesforceId.Parse(Samples.UntrustedOrgId15).Value}"; header["kid"] = $"CORE_ATJWT.{Samples.UntrustedOrgId15}.1"; }),
            "wrong tty" => Token(header: header => header["tty"] = "sfdc-id-token"),
            "no tty" => Token(header: header => header.Remove("tty")),
            "alg none" => Unsigned(Token(), "none"),
            "alg HS256" => Unsigned(Token(), "HS256"),
            "alg PS256" => Unsigned(Token(), "PS256"),
            "wrong iss" => Token(claims: claims => claims["iss"] = "https://evil.my.salesforce.com"),
            "wrong aud" => Token(claims: claims => claims["aud"] = EvilAudience),
            "expired" => Token(claims: claims => { claims["iat"] = Now.AddMinutes(-20).ToUnixTimeSeconds(); claims["nbf"] = Now.AddMinutes(-20).ToUnixTimeSeconds(); claims["exp"] = Now.AddSeconds(-31).ToUnixTimeSeconds(); }),
            "not yet valid" => Token(claims: claims => { claims["iat"] = Now.AddMinutes(2).ToUnixTimeSeconds(); claims["nbf"] = Now.AddMinutes(2).ToUnixTimeSeconds(); claims["exp"] = Now.AddMinutes(10).ToUnixTimeSeconds(); }),
            "too long-lived" => Token(claims: claims => claims["exp"] = Now.AddMinutes(31).ToUnixTimeSeconds()),
            "unknown client_id" => Token(claims: claims => claims["client_id"] = "3MVG9SomeoneElsesApp"),
            "no client_id" => Token(claims: claims => claims.Remove("client_id")),
            "no user" => Token(claims: claims => claims["sub"] = "uid:not-a-user"),
            "kid of another org" => Token(header: header => header["kid"] = $"CORE_ATJWT.{Samples.UntrustedOrgId15}.1"),
            _ => "not-a-jwt",
        };

        var check = await CheckAsync(token);

        Assert.False(check.Succeeded);
        Assert.Equal(kind == "another org" ? RefusalReason.OrgNotAllowed : RefusalReason.InvalidSession, check.Refusal.Reason);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task An_org_that_names_no_connected_app_accepts_no_token()
    {
        using var strict = new SalesforceHarness(stub, time: clock);

        var check = await strict.Core.Get<IAccessTokenValidator>().CheckAsync(new SalesforceSession(Token()), CancellationToken.None);

        Assert.Equal(RefusalReason.InvalidSession, check.Refusal?.Reason);
        Assert.Contains("Jwt__ClientIds", check.Refusal!.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_under_the_orgs_key_id_is_refused()
    {
        using var forger = RSA.Create(2048);

        var check = await CheckAsync(Token(signWith: forger));

        Assert.Equal(RefusalReason.InvalidSession, check.Refusal?.Reason);
        Assert.Contains("signature", check.Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_id_reads_the_keys_again_at_most_once_a_minute()
    {
        await CheckAsync(Token());
        var unknownKey = Token(header: header => header["kid"] = $"CORE_ATJWT.{Samples.OrgId15}.999");

        var first = await CheckAsync(unknownKey);
        var second = await CheckAsync(unknownKey);
        clock.Advance(TimeSpan.FromSeconds(61));
        var third = await CheckAsync(unknownKey);

        Assert.All([first, second, third], check => Assert.Equal(RefusalReason.InvalidSession, check.Refusal?.Reason));
        Assert.Equal(6, KeyReads); // the first read, one again for the unknown key, one more a minute later
    }

    [Fact]
    public async Task A_rotated_key_is_found_by_reading_the_keys_again()
    {
        await CheckAsync(Token());
        using var next = RSA.Create(2048);
        const string nextKeyId = $"CORE_ATJWT.{Samples.OrgId15}.1900000000000";
        PublishKeys(stub.Url + "/id/keys", (orgKey, keyId), (next, nextKeyId));

        var check = await CheckAsync(Token(signWith: next, header: header => header["kid"] = nextKeyId));

        Assert.True(check.Succeeded, check.Refusal?.Message);
    }

    [Fact]
    public async Task Keys_served_from_another_host_than_the_configured_instance_are_never_trusted()
    {
        using var elsewhere = new SalesforceStub();
        elsewhere.AnswerAll("/id/keys", 200, KeySetJson((orgKey, keyId)));
        stub.AnswerAll("/.well-known/openid-configuration", 200, new JsonObject { ["jwks_uri"] = elsewhere.Url + "/id/keys" }.ToJsonString());

        var check = await CheckAsync(Token());

        Assert.False(check.Succeeded);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task Keys_that_cannot_be_read_are_salesforce_being_unavailable()
    {
        stub.AnswerAll("/.well-known/openid-configuration", 503, "{}");

        var check = await CheckAsync(Token());

        Assert.Equal(RefusalReason.SalesforceUnavailable, check.Refusal?.Reason);
    }

    [Fact]
    public async Task Keys_that_do_not_come_in_time_are_salesforce_being_unavailable_never_an_exception()
    {
        // The adapter's time budget (a trigger has 5 s in all), not the hang, ends the wait; a loose bound for loaded CI.
        stub.AnswerAll("/.well-known/openid-configuration", 200, new JsonObject { ["jwks_uri"] = stub.Url + "/id/keys" }.ToJsonString(), delay: TimeSpan.FromSeconds(30));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var check = await CheckAsync(Token());

        Assert.Equal(RefusalReason.SalesforceUnavailable, check.Refusal?.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task The_real_token_from_salesforces_mobile_sdk_passes_every_check_but_the_signature_only_its_org_can_make()
    {
        // Its org and My Domain trusted, its app allowed, the clock inside its minute: every check but the signature
        // holds for Salesforce's own token. The key set served for its My Domain holds another key under its key ID.
        var token = WireData.Read("salesforce/jwt-access-token-mobile-sdk.txt").Trim();
        var jwt = new JsonWebToken(token);
        using var notTheirs = RSA.Create(2048);
        using var myDomain = new MyDomainStandIn(jwt.Issuer, KeySetJson((notTheirs, jwt.Kid)));
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Salesforce:Orgs:0:OrgId"] = "00DSG000009FYVd",
            ["Salesforce:Orgs:0:InstanceUrl"] = jwt.Issuer,
            ["Salesforce:Orgs:0:Jwt:ClientIds:0"] = jwt.GetPayloadValue<string>("client_id"),
        }).Build();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1730386650)));
        services.AddLogging();
        services.AddSalesforceSessionValidator(configuration);
        services.AddHttpClient(SalesforceSessionValidator.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => myDomain);
        using var provider = services.BuildServiceProvider();

        var check = await provider.GetRequiredService<IAccessTokenValidator>().CheckAsync(new SalesforceSession(token), CancellationToken.None);

        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("CORE_ATJWT.00DSG000009FYVd.1725579420125", jwt.Kid);
        Assert.Equal("core/falcontest1-core4sdb6/00DSG000009FYVd2AO", jwt.GetHeaderValue<string>("tnk"));
        Assert.Equal("uid:005SG000008eiAbYAI", jwt.Subject);
        Assert.Contains("signature", check.Refusal?.Message, StringComparison.Ordinal);
        Assert.Equal(["/.well-known/openid-configuration", "/id/keys"], myDomain.Paths);
    }

    [Fact]
    public void Generated_garbage_is_refused_and_never_throws()
    {
        Gen.String.Sample(text =>
        {
            var check = Tokens.CheckAsync(new SalesforceSession(text), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            Assert.False(check.Succeeded);
        }, iter: 500);
        Gen.Select(Gen.String, Gen.String).Sample((header, payload) =>
        {
            var text = $"eyJ{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.sig";
            Assert.False(Tokens.CheckAsync(new SalesforceSession(text), CancellationToken.None).AsTask().GetAwaiter().GetResult().Succeeded);
        }, iter: 500);
    }

    [Fact]
    public async Task A_lifetime_is_measured_from_iat_as_salesforce_sets_nbf_15_s_before_it()
    {
        // Real tokens carry nbf = iat - 15 s: a 30-minute token of an org allowing 30 minutes is within its lifetime.
        var asIssued = await CheckAsync(Token(claims: payload =>
        {
            payload["nbf"] = Now.AddSeconds(-15).ToUnixTimeSeconds();
            payload["exp"] = Now.AddMinutes(30).ToUnixTimeSeconds();
        }));
        var tooLong = await CheckAsync(Token(claims: payload => payload["exp"] = Now.AddMinutes(30).AddSeconds(1).ToUnixTimeSeconds()));

        Assert.True(asIssued.Succeeded, asIssued.Refusal?.Message);
        Assert.Contains("lives longer", tooLong.Refusal?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exp", 10_000_000_000_000L)]
    [InlineData("iat", 10_000_000_000_000L)]
    [InlineData("nbf", -10_000_000_000_000L)]
    [InlineData("exp", -1L)]
    public async Task A_time_no_date_can_hold_is_refused_not_thrown(string claim, long value)
    {
        var check = await CheckAsync(Token(claims: payload => payload[claim] = value));

        Assert.Equal(RefusalReason.InvalidSession, check.Refusal?.Reason);
        Assert.Equal(0, KeyReads);
    }

    [Fact]
    public async Task A_null_tenant_in_the_header_is_refused_not_thrown()
    {
        var token = Token();
        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["tnk"] = null;

        var check = await CheckAsync($"{Base64UrlEncoder.Encode(header.ToJsonString())}.{parts[1]}.{parts[2]}");

        Assert.Equal(RefusalReason.InvalidSession, check.Refusal?.Reason);
    }

    [Fact]
    public void Header_and_claims_of_a_trusted_orgs_token_fuzzed_with_any_json_are_refused_and_never_throw()
    {
        // Every field a check reads, given values of every JSON type, the rest as a good token has them.
        var anyJson = Gen.OneOf(
            Gen.Const((JsonNode?)null),
            Gen.Long.Select(number => (JsonNode?)JsonValue.Create(number)),
            Gen.Double.Select(number => double.IsFinite(number) ? (JsonNode?)JsonValue.Create(number) : null),
            Gen.String.Select(text => (JsonNode?)JsonValue.Create(text)),
            Gen.Bool.Select(flag => (JsonNode?)JsonValue.Create(flag)),
            Gen.String.Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items.Select(item => (JsonNode?)JsonValue.Create(item))])),
            Gen.Const(() => (JsonNode?)new JsonObject { ["nested"] = 1 }));
        string[] headerFields = ["alg", "tty", "tnk", "kid", "typ", "ver"];
        string[] claimFields = ["iss", "aud", "sub", "client_id", "iat", "exp", "nbf"];
        var good = Token();
        var parts = good.Split('.');
        Gen.Select(Gen.Int[0, headerFields.Length + claimFields.Length - 1], anyJson, Gen.Int[0, headerFields.Length + claimFields.Length - 1], anyJson).Sample((first, firstValue, second, secondValue) =>
        {
            var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
            var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
            foreach (var (field, value) in new[] { (first, firstValue), (second, secondValue) })
            {
                var target = field < headerFields.Length ? header : payload;
                var name = field < headerFields.Length ? headerFields[field] : claimFields[field - headerFields.Length];
                target[name] = value?.DeepClone();
            }

            var text = $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
            var check = Tokens.CheckAsync(new SalesforceSession(text), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            // Every change breaks the signature: nothing passes, and nothing throws (an exception fails the property).
            Assert.True(!check.Succeeded || text == good, text);
        }, iter: 2000);
    }

    [Fact]
    public async Task Forty_tokens_at_once_with_made_up_key_ids_cost_one_read_of_the_keys_and_one_more_at_most()
    {
        var tokens = Enumerable.Range(0, 40).Select(i => Token(header: header => header["kid"] = $"CORE_ATJWT.{Samples.OrgId15}.{i}")).ToList();

        var checks = await Task.WhenAll(tokens.Select(CheckAsync));

        Assert.All(checks, check => Assert.False(check.Succeeded));
        Assert.InRange(KeyReads, 2, 4);
    }

    [Fact]
    public async Task Keys_that_cannot_be_read_are_not_asked_again_for_a_while()
    {
        stub.AnswerAll("/.well-known/openid-configuration", 503, "{}");

        var first = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CheckAsync(Token())));
        var readsAfterFirst = KeyReads;
        var again = await CheckAsync(Token());
        clock.Advance(OrgSigningKeys.FailureMemory);
        await CheckAsync(Token());

        Assert.All(first, check => Assert.Equal(RefusalReason.SalesforceUnavailable, check.Refusal?.Reason));
        Assert.Equal(RefusalReason.SalesforceUnavailable, again.Refusal?.Reason);
        Assert.Equal(1, readsAfterFirst);
        Assert.Equal(2, KeyReads);
    }

    public void Dispose()
    {
        harness.Dispose();
        stub.Dispose();
        orgKey.Dispose();
    }

    private Task<AccessTokenCheck> CheckAsync(string token) => Tokens.CheckAsync(new SalesforceSession(token), CancellationToken.None).AsTask();

    /// <summary>A token as Salesforce issues one for the sample user of the sample org, changed as the case needs.</summary>
    private string Token(RSA? signWith = null, Action<Dictionary<string, object>>? header = null, Action<Dictionary<string, object>>? claims = null)
    {
        var headerClaims = new Dictionary<string, object>
        {
            ["tty"] = "sfdc-core-token",
            ["tnk"] = $"core/test1-core4/{Samples.OrgId18}",
            ["ver"] = "1.0",
            ["kid"] = keyId,
        };
        var payload = new Dictionary<string, object>
        {
            ["scp"] = "refresh_token web api",
            ["aud"] = new[] { stub.Url },
            ["sub"] = $"uid:{Samples.UserId18}",
            ["nbf"] = Now.ToUnixTimeSeconds(),
            ["mty"] = "oauth",
            ["sfi"] = "a6cf952666633d8d51053693470d73c5a968e086d58d679fa5c365fca0fbf8dc",
            ["roles"] = Array.Empty<string>(),
            ["iss"] = stub.Url,
            ["hsc"] = false,
            ["exp"] = Now.AddMinutes(15).ToUnixTimeSeconds(),
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["client_id"] = ClientId,
        };
        header?.Invoke(headerClaims);
        claims?.Invoke(payload);
        var kid = (string)headerClaims["kid"];
        headerClaims.Remove("kid");
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? orgKey) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
            TokenType = "JWT",
            AdditionalHeaderClaims = headerClaims,
            Claims = payload,
        });
    }

    /// <summary>The token with its header's <c>alg</c> replaced and no valid signature, as an attacker would send it.</summary>
    private static string Unsigned(string token, string algorithm)
    {
        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        header["alg"] = algorithm;
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{parts[1]}.{(algorithm == "none" ? string.Empty : parts[2])}";
    }

    private void PublishKeys(string keysUrl, RSA key) => PublishKeys(keysUrl, (key, keyId));

    private void PublishKeys(string keysUrl, params (RSA Key, string Kid)[] keys)
    {
        stub.AnswerAll("/id/keys", 200, KeySetJson(keys));
        stub.AnswerAll("/.well-known/openid-configuration", 200, new JsonObject { ["issuer"] = stub.Url, ["jwks_uri"] = keysUrl }.ToJsonString());
    }

    private static string KeySetJson(params (RSA Key, string Kid)[] keys) => new JsonObject
    {
        ["keys"] = new JsonArray([.. keys.Select(entry =>
        {
            var parameters = entry.Key.ExportParameters(false);
            return (JsonNode)new JsonObject { ["kty"] = "RSA", ["kid"] = entry.Kid, ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent), ["alg"] = "RS256", ["use"] = "sig" };
        })]),
    }.ToJsonString();

    /// <summary>An org's My Domain (https, not reachable here) answering discovery and its key set.</summary>
    private sealed class MyDomainStandIn(string myDomain, string keySet) : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            Paths.Add(path);
            var body = path == "/id/keys" ? keySet : new JsonObject { ["issuer"] = myDomain, ["jwks_uri"] = myDomain + "/id/keys" }.ToJsonString();
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
