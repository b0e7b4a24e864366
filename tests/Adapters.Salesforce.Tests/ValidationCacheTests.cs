using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

public sealed class ValidationCacheTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    [Fact]
    public async Task A_second_validation_within_the_ttl_makes_no_second_request()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60);

        var first = await harness.ValidateAsync(Samples.Session);
        var second = await harness.ValidateAsync(Samples.Session);

        Assert.Equal(first.Identity, second.Identity);
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_ttl_of_zero_turns_the_cache_off()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 0);

        await harness.ValidateAsync(Samples.Session);
        await harness.ValidateAsync(Samples.Session);

        Assert.IsType<SalesforceSessionValidator>(harness.Validator);
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Fact]
    public async Task Failures_are_never_cached()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 401, WireData.Read("salesforce/salesforce-error-invalid-session-401.json"));
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60);

        await harness.ValidateAsync(Samples.Session);
        await harness.ValidateAsync(Samples.Session);

        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Fact]
    public async Task An_inactive_user_is_never_cached()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser(isActive: false));
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60);

        await harness.ValidateAsync(Samples.Session);
        await harness.ValidateAsync(Samples.Session);

        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Fact]
    public async Task A_user_type_core_refuses_is_never_cached()
    {
        // The cache stores by Core's IdentityAcceptance, not a rule of its own: a portal user is active and has an email.
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser().Replace("\"userType\": \"Internal\"", "\"userType\": \"PowerCustomerSuccess\"", StringComparison.Ordinal));
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60);

        var first = await harness.ValidateAsync(Samples.Session);
        await harness.ValidateAsync(Samples.Session);

        Assert.True(first.IsValid);
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Fact]
    public async Task Another_session_is_its_own_cache_entry()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.OtherUserSession, 200, SalesforceStub.ChatterUser(Samples.OtherUserId18, "someone.else@backflipt.com"));
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60);

        var first = await harness.ValidateAsync(Samples.Session);
        var other = await harness.ValidateAsync(Samples.OtherUserSession);

        Assert.Equal(Samples.UserId18, first.Identity!.UserId.Value);
        Assert.Equal(Samples.OtherUserId18, other.Identity!.UserId.Value);
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Theory]
    [InlineData(60, 1)]
    [InlineData(0, 2)]
    public async Task One_login_asks_salesforce_once_with_the_cache_and_twice_without(int ttlSeconds, int expectedCalls)
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: ttlSeconds);
        var mediator = harness.Core.Mediator;

        var validated = await mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session)));
        var user = Assert.Single(harness.Core.Users.ListUsers(), user => user.Username == validated.Username);
        var verdict = await mediator.Send(new VerifyAuthChallenge(user, new SalesforceSession(Samples.Session), UserNotFound: false));

        Assert.True(verdict.AnswerCorrect);
        Assert.Equal(expectedCalls, salesforce.Requests.Count);
    }

    [Fact]
    public async Task The_cache_key_is_the_session_hash_never_the_session()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var redis = new RedisServer();
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString);

        await harness.ValidateAsync(Samples.Session);

        var keys = await redis.KeysAsync();
        var key = Assert.Single(keys);
        Assert.Equal("sfcognitosso:session:v1:" + new SalesforceSession(Samples.Session).ToHashKey(), key);
        Assert.DoesNotContain(Samples.SessionToken, key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_validator_instances_share_one_salesforce_check_through_redis()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var redis = new RedisServer();
        using var validatorHost = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString);
        using var triggerHost = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString);

        var onValidatorHost = await validatorHost.ValidateAsync(Samples.Session);
        var onTriggerHost = await triggerHost.ValidateAsync(Samples.Session);

        Assert.Equal(onValidatorHost.Identity, onTriggerHost.Identity);
        Assert.Single(salesforce.Requests);
    }

    /// <summary>Where single sign-out runs, a cached session of a signed-out user is checked with Salesforce again;
    /// without it nothing cached can have been revoked, so a hit never pays a second read for a mark (there is one
    /// here all the same).</summary>
    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task A_cache_hit_looks_for_a_sign_out_mark_only_where_single_sign_out_runs(bool singleSignOut, int salesforceCalls)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, time: time, singleSignOut: singleSignOut);
        await harness.ValidateAsync(Samples.Session);
        time.Advance(TimeSpan.FromSeconds(5));

        await harness.SignOutAsync(time.GetUtcNow());
        await harness.ValidateAsync(Samples.Session);

        Assert.Equal(salesforceCalls, salesforce.Requests.Count);
    }

    [Fact]
    public async Task A_session_proved_after_the_sign_out_is_cached_again()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, time: time, singleSignOut: true);
        await harness.SignOutAsync(time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(2));

        await harness.ValidateAsync(Samples.Session);
        await harness.ValidateAsync(Samples.Session);

        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_sign_out_on_the_validator_reaches_verify_through_redis_signed()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var redis = new RedisServer();
        using var validatorHost = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString, singleSignOut: true);
        using var triggerHost = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: redis.ConnectionString, signs: false);
        await validatorHost.ValidateAsync(Samples.Session);

        await validatorHost.SignOutAsync(DateTimeOffset.UtcNow.AddSeconds(1));
        var onTriggerHost = await triggerHost.ValidateAsync(Samples.Session);

        Assert.True(onTriggerHost.IsValid);
        Assert.Equal(2, salesforce.Requests.Count);
        Assert.Contains("sfcognitosso:signout:v1:" + Samples.OrgId18 + ":" + Samples.UserId18, await redis.KeysAsync());
    }

    [Fact]
    public async Task Redis_being_down_falls_back_to_asking_salesforce()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce, cacheTtlSeconds: 60, redis: $"127.0.0.1:{Loopback.FreePort()}");

        var result = await harness.ValidateAsync(Samples.Session);

        Assert.Null(result.Refusal);
        Assert.Equal(Samples.Identity with { EmailVerified = false }, result.Identity);
    }
}
