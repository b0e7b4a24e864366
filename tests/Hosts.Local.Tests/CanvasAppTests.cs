using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>The local stack's canvas app, opened the way Salesforce opens one: the stand-in's launch page posts a
/// signed request to it; and the token exchange taking a signed request as its subject.</summary>
[Collection(RunningStackCollection.Name)]
public sealed partial class CanvasAppTests(RunningStack stack)
{
    private async Task<string> SignedRequestFromLaunchAsync(string query)
    {
        var launch = await stack.Http.GetStringAsync($"{stack.SalesforceUrl}/canvas/launch?{query}");
        Assert.Contains($"action=\"{stack.ValidatorUrl}/canvas\"", launch, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(SignedRequestField().Match(launch).Groups[1].Value);
    }

    private async Task<string> PostToCanvasAppAsync(string signedRequest)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["signed_request"] = signedRequest });
        using var response = await stack.Http.PostAsync($"{stack.ValidatorUrl}/canvas", form);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self' " + stack.SalesforceUrl,
            response.Headers.GetValues("Content-Security-Policy").Single());
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_launch_signs_the_demo_user_in_and_shows_the_claims_but_never_the_session()
    {
        var signedRequest = await SignedRequestFromLaunchAsync("user=0");

        var page = await PostToCanvasAppAsync(signedRequest);

        var claims = JsonNode.Parse(WebUtility.HtmlDecode(ClaimsBlock().Match(page).Groups[1].Value))!;
        Assert.Equal(DemoUser.BuiltIn[0].UserId.Value, claims["custom:sf_user_id"]!.GetValue<string>());
        Assert.Equal("id", claims["token_use"]!.GetValue<string>());
        Assert.DoesNotContain(DemoUser.BuiltIn[0].SessionId, page, StringComparison.Ordinal);
        SecretAssert.NoneIn(LogText.Of(stack.Logs), signedRequest, DemoUser.BuiltIn[0].SessionId);
    }

    [Theory]
    [InlineData("tamper", "canvas_signature_invalid")]
    [InlineData("garbage", "invalid_request")]
    public async Task A_tampered_or_malformed_signed_request_is_refused_on_the_page(string kind, string code)
    {
        var signedRequest = kind == "tamper" ? await SignedRequestFromLaunchAsync("user=0&tamper=1") : "not-a-signed-request";

        var page = await PostToCanvasAppAsync(signedRequest);

        Assert.Contains($"data-testid=\"error\">{code}<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"claims\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_exchange_takes_a_signed_request_as_its_subject()
    {
        var form = RunningStack.ExchangeForm(await SignedRequestFromLaunchAsync("user=1"));
        form["subject_token_type"] = "urn:salesforce:params:oauth:token-type:canvas_signed_request";
        form["scope"] = "openid";

        var (status, body) = await stack.ExchangeAsync(form);

        Assert.True(status == 200, body.ToJsonString());
        var id = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body["id_token"]!.GetValue<string>());
        Assert.Equal(DemoUser.BuiltIn[1].UserId.Value, id.GetPayloadValue<string>("custom:sf_user_id"));
    }

    [Fact]
    public async Task The_token_exchange_refuses_a_tampered_signed_request_as_an_invalid_grant()
    {
        var form = RunningStack.ExchangeForm(await SignedRequestFromLaunchAsync("user=1&tamper=1"));
        form["subject_token_type"] = "urn:salesforce:params:oauth:token-type:canvas_signed_request";

        var (status, body) = await stack.ExchangeAsync(form);

        Assert.Equal((400, "invalid_grant"), (status, body["error"]!.GetValue<string>()));
    }

    [GeneratedRegex("name=\"signed_request\" value=\"([^\"]+)\"")]
    private static partial Regex SignedRequestField();

    [GeneratedRegex("<pre data-testid=\"claims\"[^>]*>([^<]*)</pre>")]
    private static partial Regex ClaimsBlock();
}
