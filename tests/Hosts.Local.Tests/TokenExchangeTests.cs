using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>RFC 8693 token exchange on the local stack: one call, the pool's own triggers deciding.</summary>
[Collection(RunningStackCollection.Name)]
public sealed class TokenExchangeTests(RunningStack stack)
{
    private const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";

    [Fact]
    public async Task One_call_turns_a_session_into_verified_tokens_carrying_the_salesforce_ids()
    {
        var form = RunningStack.ExchangeForm(DemoUser.BuiltIn[0].SessionId);
        form["scope"] = "openid";

        var (status, body) = await stack.ExchangeAsync(form);

        Assert.True(status == 200, body.ToJsonString());
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", body["issued_token_type"]!.GetValue<string>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(Contracts.PoolDefaults.AccessTokenMinutes * 60, body["expires_in"]!.GetValue<int>());
        Assert.Null(body["refresh_token"]);
        var key = stack.App.Services.GetRequiredService<SigningKey>().SecurityKey;
        var access = await new JsonWebTokenHandler().ValidateTokenAsync(body["access_token"]!.GetValue<string>(), new TokenValidationParameters
        {
            ValidIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SfSsoLocal",
            ValidateAudience = false,
            IssuerSigningKey = key,
        });
        Assert.True(access.IsValid, access.Exception?.Message);
        Assert.Equal("access", ((JsonWebToken)access.SecurityToken).GetPayloadValue<string>("token_use"));
        var id = new JsonWebToken(body["id_token"]!.GetValue<string>());
        Assert.Equal(DemoUser.BuiltIn[0].UserId.Value, id.GetPayloadValue<string>("sf_user_id"));
        Assert.Equal(DemoUser.BuiltIn[0].OrgId.Value, id.GetPayloadValue<string>("sf_org_id"));
    }

    [Fact]
    public async Task The_id_token_can_be_the_requested_type_and_the_salesforce_session_type_is_accepted()
    {
        var form = RunningStack.ExchangeForm(DemoUser.BuiltIn[1].SessionId, IdTokenType);
        form["subject_token_type"] = "urn:salesforce:params:oauth:token-type:session_id";

        var (status, body) = await stack.ExchangeAsync(form);

        Assert.Equal(200, status);
        Assert.Equal(IdTokenType, body["issued_token_type"]!.GetValue<string>());
        Assert.Equal("N_A", body["token_type"]!.GetValue<string>());
        Assert.Equal("id", new JsonWebToken(body["access_token"]!.GetValue<string>()).GetPayloadValue<string>("token_use"));
    }

    [Fact]
    public async Task One_exchange_asks_salesforce_once_the_verify_trigger_reusing_the_validators_answer()
    {
        const string session = "00D5j00000SfSso!configured.session.that.must.never.be.logged";
        var standIn = stack.App.Services.GetRequiredService<SalesforceStandIn>();
        var before = standIn.Requests;

        var (status, _) = await stack.ExchangeAsync(RunningStack.ExchangeForm(session));

        Assert.Equal(200, status);
        Assert.Equal(before + 1, standIn.Requests);
    }

    [Fact]
    public async Task The_answer_holds_the_requested_token_only_unless_openid_asks_for_the_id_token()
    {
        // Review round three, finding 6: every answer used to carry ID and refresh tokens.
        var (status, body) = await stack.ExchangeAsync(RunningStack.ExchangeForm(DemoUser.BuiltIn[0].SessionId));

        Assert.Equal(200, status);
        Assert.Equal(["access_token", "issued_token_type", "token_type", "expires_in"], body.Select(pair => pair.Key));
    }

    [Theory]
    [InlineData("audience", "another-client", 400, "invalid_target")]
    [InlineData("resource", "https://api.example.com/", 400, "invalid_target")]
    [InlineData("actor_token", "someone-else", 400, "invalid_request")]
    [InlineData("actor_token_type", "urn:ietf:params:oauth:token-type:access_token", 400, "invalid_request")]
    [InlineData("scope", "openid profile", 400, "invalid_scope")]
    [InlineData("scope", "", 400, "invalid_scope")]
    [InlineData("scope", " ", 400, "invalid_scope")]
    [InlineData("audience", Contracts.LocalStackDefaults.ExchangeClientId, 200, null)]
    public async Task Targets_delegation_and_scopes_are_checked_before_any_call(string field, string value, int status, string? error)
    {
        var standIn = stack.App.Services.GetRequiredService<SalesforceStandIn>();
        var before = standIn.Requests;
        var form = RunningStack.ExchangeForm(DemoUser.BuiltIn[0].SessionId);
        form[field] = value;

        var (answered, body) = await stack.ExchangeAsync(form);

        Assert.Equal((status, error), (answered, body["error"]?.GetValue<string>()));
        Assert.Equal(status == 200 ? before + 1 : before, standIn.Requests);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task A_two_step_sign_in_asks_salesforce_once_with_the_ticket_and_twice_without(bool passTicket, int calls)
    {
        // The validator and the triggers keep separate caches, as an Azure validator and AWS triggers do.
        var standIn = stack.App.Services.GetRequiredService<SalesforceStandIn>();
        var session = RunningStack.TicketSessions[passTicket ? 0 : 1];
        var before = standIn.Requests;

        var (status, validated) = await stack.ValidateAsync(session);
        var (_, started) = await stack.CognitoAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = "sfssolocal",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = validated["username"]!.GetValue<string>() },
        });
        var respond = new JsonObject
        {
            ["ClientId"] = "sfssolocal",
            ["ChallengeName"] = "CUSTOM_CHALLENGE",
            ["Session"] = started["Session"]!.GetValue<string>(),
            ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = started["ChallengeParameters"]!["USERNAME"]!.GetValue<string>(), ["ANSWER"] = session },
        };
        if (passTicket)
        {
            respond["ClientMetadata"] = new JsonObject { ["ticket"] = validated["ticket"]!.GetValue<string>() };
        }

        var (answered, done) = await stack.CognitoAsync("RespondToAuthChallenge", respond);

        Assert.Equal((200, 200), (status, answered));
        Assert.NotNull(done["AuthenticationResult"]);
        Assert.Equal(before + calls, standIn.Requests);
    }

    [Theory]
    [InlineData("grant_type", "authorization_code", 400, "unsupported_grant_type")]
    [InlineData("subject_token", "", 400, "invalid_request")]
    [InlineData("subject_token_type", "urn:ietf:params:oauth:token-type:jwt", 400, "invalid_request")]
    [InlineData("requested_token_type", "urn:ietf:params:oauth:token-type:saml2", 400, "invalid_request")]
    [InlineData("subject_token", "00D5j00000SfSso!not.a.session.anyone.knows", 400, "invalid_grant")]
    [InlineData("subject_token", "00D000000000001!an.untrusted.org.session", 400, "invalid_grant")]
    [InlineData("subject_token", "no-org-prefix-at-all", 400, "invalid_request")]
    public async Task Each_error_is_rfc_6749_json_and_never_echoes_the_session(string field, string value, int status, string error)
    {
        var form = RunningStack.ExchangeForm(DemoUser.BuiltIn[0].SessionId);
        form[field] = value;

        var (answered, body) = await stack.ExchangeAsync(form);

        Assert.Equal((status, error), (answered, body["error"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["error_description"]?.GetValue<string>()));
        SecretAssert.NoneIn(body.ToJsonString(), DemoUser.BuiltIn[0].SessionId, value.Length > 16 ? value : DemoUser.BuiltIn[0].SessionId);
    }

    [Fact]
    public async Task A_json_body_or_an_oversized_form_is_refused()
    {
        using var json = new StringContent("{\"subject_token\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        using var wrongType = await stack.Http.PostAsync($"{stack.ValidatorUrl}/oauth2/token", json);
        var huge = RunningStack.ExchangeForm(DemoUser.BuiltIn[0].SessionId);
        huge["padding"] = new string('x', 9000);

        var (tooLarge, body) = await stack.ExchangeAsync(huge);

        Assert.Equal(400, (int)wrongType.StatusCode);
        Assert.Equal("invalid_request", JsonNode.Parse(await wrongType.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal((413, "invalid_request"), (tooLarge, body["error"]!.GetValue<string>()));
    }
}
