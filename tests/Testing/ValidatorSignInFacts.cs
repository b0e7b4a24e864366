using SfCognitoSso.Contracts;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>The validator contract: the sign-in answers: a new and a returning user, the ticket, health and the OpenAPI description.</summary>
public abstract class SignInFacts<THosting> : ValidatorFacts<THosting>
    where THosting : IValidatorHosting, new()
{
    [Fact]
    public async Task A_new_user_gets_200_with_username_email_and_created_true()
    {
        SalesforceKnowsTheUser();
        var host = Start();

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(Samples.Username, response.Json!["username"]!.GetValue<string>());
        Assert.Equal(Samples.Email, response.Json["email"]!.GetValue<string>());
        Assert.True(response.Json["created"]!.GetValue<bool>());
    }

    [Fact]
    public async Task With_a_signing_key_the_answer_carries_a_ticket_for_this_session_and_user_and_without_one_none()
    {
        SalesforceKnowsTheUser();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var signing = Start(new Dictionary<string, string?> { ["Ticket:SigningKey"] = key.ExportPkcs8PrivateKeyPem() });
        var plain = Start();

        var withTicket = await signing.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));
        var withoutTicket = await plain.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal((200, 200), (withTicket.Status, withoutTicket.Status));
        Assert.Equal(!TicketsOnByDefault, withoutTicket.Json!["ticket"] is null);
        var ticket = withTicket.Json!["ticket"]!.GetValue<string>();
        var checkedTicket = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(ticket, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            IssuerSigningKey = new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(key),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(checkedTicket.IsValid, checkedTicket.Exception?.Message);
        var token = (Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)checkedTicket.SecurityToken;
        Assert.Equal(Samples.Username, token.GetPayloadValue<string>("username"));
        Assert.Equal(Samples.UserId18, token.GetPayloadValue<string>("user_id"));
        Assert.Equal(Samples.OrgId18, token.GetPayloadValue<string>("org_id"));
        Assert.True(token.GetPayloadValue<long>("exp") - token.GetPayloadValue<long>("iat") <= 60);
        Assert.DoesNotContain(Samples.SessionToken, token.EncodedPayload, StringComparison.Ordinal);
        SecretAssert.NoneIn(signing.Logs, ticket);
    }

    [Fact]
    public async Task A_returning_user_gets_200_with_created_false()
    {
        SalesforceKnowsTheUser();
        var host = Start();
        await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal(200, response.Status);
        Assert.Equal(Samples.Username, response.Json!["username"]!.GetValue<string>());
        Assert.False(response.Json["created"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Healthz_answers_200()
    {
        var host = Start();

        var response = await host.SendAsync(new ValidatorRequest("GET", "/healthz"));

        Assert.Equal(200, response.Status);
        Assert.Equal("ok", response.Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoint_and_its_errors()
    {
        var host = Start();

        var response = await host.SendAsync(new ValidatorRequest("GET", ValidatorRoutes.OpenApi));

        Assert.Equal(200, response.Status);
        var operation = response.Json!["paths"]!["/v1/sessions/validate"]!["post"]!;
        Assert.NotNull(operation["requestBody"]!["content"]!["application/json"]);
        foreach (var status in new[] { "200", "400", "401", "403", "409", "413", "429", "502", "503" })
        {
            Assert.NotNull(operation["responses"]![status]);
        }

        Assert.Contains("salesforce_unavailable", response.Json["info"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
