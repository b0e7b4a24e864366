using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Adapters.Tickets;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// The validator's ticket at the verify trigger (issue 19): a right answer with a good ticket is accepted without
/// asking Salesforce; an expired, tampered or another user's ticket, or one signed by a key Verify does not hold, is
/// the normal path (Salesforce decides) — a ticket never makes a wrong answer right.
/// </summary>
public sealed class TicketTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly SalesforceStub salesforce = new();
    private readonly ECDsa current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa previous = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly StringWriter log = new();

    public void Dispose()
    {
        salesforce.Dispose();
        current.Dispose();
        previous.Dispose();
        log.Dispose();
    }

    /// <summary>A ticket as the validator signs it, with this key, at this time, for the events' pool and client.</summary>
    private static string Ticket(
        ECDsa key,
        DateTimeOffset at,
        string session = Samples.Session,
        string username = Samples.Username,
        string userId = Samples.UserId18,
        string? userPoolId = Events.UserPoolId,
        string[]? clientIds = null,
        DateTimeOffset? provenAt = null)
    {
        var settings = Options.Create(new TicketKeyOptions { SigningKey = key.ExportPkcs8PrivateKeyPem(), UserPoolId = userPoolId, ClientIds = [.. clientIds ?? [Events.ClientId]] });
        var signer = new JwsTickets(new TicketKeys(settings), settings, new FakeTimeProvider(at), NullLogger<JwsTickets>.Instance);
        return signer.Sign(new TicketClaims(TicketClaims.HashOf(new SalesforceSession(session)), username, SalesforceId.Parse(Samples.OrgId18), SalesforceId.Parse(userId), provenAt ?? at))!;
    }

    private Task<bool> VerifyAsync(string answer, string? ticket, params ECDsa[] trusted) =>
        VerifyEventAsync(Events.Verify(answer, ticket: ticket), trusted);

    private async Task<bool> VerifyEventAsync(string verifyEvent, params ECDsa[] trusted)
    {
        var settings = LambdaHarness.SalesforceSettings(salesforce.Url);
        for (var i = 0; i < trusted.Length; i++)
        {
            settings[$"Ticket:PublicKeys:{i}"] = trusted[i].ExportSubjectPublicKeyInfoPem();
        }

        using var provider = LambdaComposition.Build(CognitoTrigger.VerifyAuthChallenge, LambdaHarness.Settings(settings), log, services => services.AddSingleton<TimeProvider>(clock));
        var reply = await provider.GetRequiredService<CognitoTriggerHandler>().HandleAsync(
            CognitoTrigger.VerifyAuthChallenge, System.Text.Encoding.UTF8.GetBytes(verifyEvent), CancellationToken.None);
        return JsonNode.Parse(reply)!["response"]!["answerCorrect"]!.GetValue<bool>();
    }

    private void SalesforceRefusesEverything() => salesforce.AnswerAll(SalesforceStub.ChatterPath, 401, "[]");

    [Fact]
    public async Task A_good_ticket_accepts_the_right_answer_without_asking_salesforce()
    {
        SalesforceRefusesEverything();
        var ticket = Ticket(current, Now.AddSeconds(-2));

        Assert.True(await VerifyAsync(Samples.Session, ticket, current));
        Assert.Empty(salesforce.Requests);
        Assert.Contains("without asking Salesforce", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ticket.Split('.')[2], log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_ticket_is_the_normal_path()
    {
        SalesforceRefusesEverything();

        Assert.False(await VerifyAsync(Samples.Session, Ticket(current, Now.AddSeconds(-61)), current));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_tampered_ticket_is_the_normal_path_and_logged_as_tampering()
    {
        SalesforceRefusesEverything();
        var parts = Ticket(current, Now, userId: Samples.OtherUserId18).Split('.');
        var genuine = Ticket(current, Now).Split('.');
        var tampered = $"{genuine[0]}.{parts[1]}.{genuine[2]}";

        Assert.False(await VerifyAsync(Samples.Session, tampered, current));
        Assert.Single(salesforce.Requests);
        Assert.Contains("tampering", log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another user's")]
    [InlineData("another session's")]
    [InlineData("another username's")]
    public async Task A_ticket_for_someone_or_something_else_never_makes_the_answer_right(string kind)
    {
        SalesforceRefusesEverything();
        var ticket = kind switch
        {
            "another user's" => Ticket(current, Now, userId: Samples.OtherUserId18),
            "another session's" => Ticket(current, Now, session: Samples.OtherUserSession),
            _ => Ticket(current, Now, username: "sf_someone_else"),
        };

        Assert.False(await VerifyAsync(Samples.Session, ticket, current));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task During_a_rotation_both_keys_are_accepted_and_afterwards_only_the_new_one()
    {
        SalesforceRefusesEverything();

        Assert.True(await VerifyAsync(Samples.Session, Ticket(previous, Now), current, previous));
        Assert.True(await VerifyAsync(Samples.Session, Ticket(current, Now), current, previous));
        Assert.False(await VerifyAsync(Samples.Session, Ticket(previous, Now), current));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task Without_public_keys_a_ticket_is_ignored()
    {
        SalesforceRefusesEverything();

        Assert.False(await VerifyAsync(Samples.Session, Ticket(current, Now)));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_ticket_minted_after_the_sign_out_on_a_proof_from_before_it_is_the_normal_path()
    {
        // The review's finding: a cached answer (or a JWT) from before a logout, turned into a fresh ticket after it.
        SalesforceRefusesEverything();
        var signedOutAt = Now.AddSeconds(-30);

        var reDated = Ticket(current, Now.AddSeconds(-1), provenAt: signedOutAt.AddSeconds(-10));
        var withinSkew = Ticket(current, Now.AddSeconds(-1), provenAt: signedOutAt.AddSeconds(4));
        var provenAfter = Ticket(current, Now.AddSeconds(-1), provenAt: signedOutAt.AddSeconds(6));

        Assert.False(await VerifyEventAsync(Events.Verify(Samples.Session, ticket: reDated, signedOutAt: signedOutAt), current));
        Assert.False(await VerifyEventAsync(Events.Verify(Samples.Session, ticket: withinSkew, signedOutAt: signedOutAt), current));
        Assert.True(await VerifyEventAsync(Events.Verify(Samples.Session, ticket: provenAfter, signedOutAt: signedOutAt), current));
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("after its minting")]
    [InlineData("negative")]
    public async Task A_ticket_without_a_believable_proof_time_is_the_normal_path(string provenAt)
    {
        SalesforceRefusesEverything();
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var signing = new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(current);
        signing.KeyId = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(signing.ComputeJwkThumbprint());
        var issuedAt = Now.AddSeconds(-2).ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["sh"] = TicketClaims.HashOf(new SalesforceSession(Samples.Session)), ["username"] = Samples.Username,
            ["org_id"] = Samples.OrgId18, ["user_id"] = Samples.UserId18, ["pool"] = Events.UserPoolId, ["aud"] = new[] { Events.ClientId },
            ["iat"] = issuedAt, ["exp"] = issuedAt + 60,
        };
        if (provenAt != "none")
        {
            claims["pat"] = provenAt == "negative" ? -1L : issuedAt + 1;
        }

        var ticket = handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(signing, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256),
            TokenType = JwsTickets.TokenType,
            Claims = claims,
        });

        Assert.False(await VerifyAsync(Samples.Session, ticket, current));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_ticket_made_before_the_users_sign_out_is_the_normal_path_and_one_made_after_it_is_accepted()
    {
        SalesforceRefusesEverything();
        var signedOutAt = Now.AddSeconds(-30);

        var before = Ticket(current, signedOutAt.AddSeconds(-1));
        var sameSecond = Ticket(current, signedOutAt);
        var after = Ticket(current, signedOutAt.AddSeconds(10));

        Assert.False(await VerifyEventAsync(Events.Verify(Samples.Session, ticket: before, signedOutAt: signedOutAt), current));
        Assert.False(await VerifyEventAsync(Events.Verify(Samples.Session, ticket: sameSecond, signedOutAt: signedOutAt), current));
        Assert.True(await VerifyEventAsync(Events.Verify(Samples.Session, ticket: after, signedOutAt: signedOutAt), current));
        Assert.Equal(2, salesforce.Requests.Count);
    }

    [Theory]
    [InlineData("another pool's")]
    [InlineData("another app client's")]
    [InlineData("a pool-less")]
    [InlineData("a client-less")]
    public async Task A_ticket_for_another_pool_or_app_client_is_the_normal_path(string kind)
    {
        SalesforceRefusesEverything();
        var ticket = kind switch
        {
            "another pool's" => Ticket(current, Now, userPoolId: "eu-west-1_Other9"),
            "another app client's" => Ticket(current, Now, clientIds: ["anotherclient"]),
            "a pool-less" => Ticket(current, Now, userPoolId: null),
            _ => Ticket(current, Now, clientIds: []),
        };

        Assert.False(await VerifyAsync(Samples.Session, ticket, current));
        Assert.True(await VerifyAsync(Samples.Session, Ticket(current, Now, clientIds: ["web", Events.ClientId]), current));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_token_of_another_type_signed_with_the_same_key_is_no_ticket()
    {
        SalesforceRefusesEverything();
        var genuine = Ticket(current, Now);
        var header = System.Text.Json.Nodes.JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(genuine.Split('.')[0]))!.AsObject();
        Assert.Equal(JwsTickets.TokenType, header["typ"]!.GetValue<string>());
        var untyped = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
            new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(genuine).EncodedPayload is { } payload ? Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(payload) : string.Empty,
            new Microsoft.IdentityModel.Tokens.SigningCredentials(new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(current), "ES256"));

        Assert.False(await VerifyAsync(Samples.Session, untyped, current));
        Assert.Single(salesforce.Requests);
    }

    [Fact]
    public async Task A_cached_answer_from_before_the_users_sign_out_is_not_reused()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 200, SalesforceStub.ChatterUser());
        using var provider = LambdaComposition.Build(
            CognitoTrigger.VerifyAuthChallenge, LambdaHarness.Settings(LambdaHarness.SalesforceSettings(salesforce.Url, cacheTtlSeconds: 15)), log, services => services.AddSingleton<TimeProvider>(clock));
        var handler = provider.GetRequiredService<CognitoTriggerHandler>();
        async Task<bool> Verify(DateTimeOffset? signedOutAt)
        {
            var reply = await handler.HandleAsync(
                CognitoTrigger.VerifyAuthChallenge, System.Text.Encoding.UTF8.GetBytes(Events.Verify(Samples.Session, signedOutAt: signedOutAt)), CancellationToken.None);
            return JsonNode.Parse(reply)!["response"]!["answerCorrect"]!.GetValue<bool>();
        }

        Assert.True(await Verify(signedOutAt: null));
        salesforce.Server.ResetMappings();
        SalesforceRefusesEverything(); // the user logged out: Salesforce no longer knows the session
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await Verify(signedOutAt: null)); // the cache answers: nothing tells this process of the logout
        Assert.Single(salesforce.Requests);

        Assert.False(await Verify(signedOutAt: clock.GetUtcNow()));
        Assert.Equal(2, salesforce.Requests.Count);
    }
}
