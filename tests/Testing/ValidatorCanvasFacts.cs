using System.Text.Json.Nodes;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>The validator contract: a Canvas signed request as the sign-in input: accepted when its signature, org, instance and user hold; refused before any call otherwise.</summary>
public abstract class CanvasFacts<THosting> : ValidatorFacts<THosting>
    where THosting : IValidatorHosting, new()
{
    private static ValidatorRequest Canvas(string signedRequest) =>
        ValidatorRequest.Validate(new JsonObject { ["signedRequest"] = signedRequest }.ToJsonString());

    [Fact]
    public async Task A_canvas_signed_request_signs_its_user_in_with_the_token_it_carries()
    {
        SalesforceKnowsTheUser();
        var host = Start();
        var signed = CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url));

        var response = await host.SendAsync(Canvas(signed));

        Assert.True(response.Status == 200, response.Body);
        Assert.Equal(Samples.Username, response.Json!["username"]!.GetValue<string>());
        Assert.Single(Salesforce.Requests);
        SecretAssert.NoneIn(host.Logs, signed);
    }

    [Theory]
    [MemberData(nameof(ValidatorCases.RefusedCanvasRequests), MemberType = typeof(ValidatorCases))]
    public async Task A_canvas_signed_request_that_does_not_hold_is_refused_before_any_call(string kind, int status, string code)
    {
        var host = Start();
        var envelope = CanvasRequestBuilder.Envelope(Salesforce.Url);
        var signed = kind switch
        {
            "tampered" => CanvasRequestBuilder.Tampered(CanvasRequestBuilder.Sign(envelope)),
            "signed with another secret" => CanvasRequestBuilder.Sign(envelope, "a-secret-that-is-not-the-canvas-apps-one-000000000000000000000"),
            "another algorithm" => CanvasRequestBuilder.Sign(Changed(envelope, json => json["algorithm"] = "HMACSHA1")),
            "unsigned" => CanvasRequestBuilder.Sign(envelope).Split('.')[1],
            "not base64" => "%%%." + CanvasRequestBuilder.Sign(envelope).Split('.')[1],
            "untrusted org" => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, Samples.UntrustedOrgSession, orgId: Samples.UntrustedOrgId15)),
            "trusted org without a canvas app" => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, "00D5g000004OtHr!AQ4AQOtherOrgToken", orgId: "00D5g000004OtHr")),
            "another instance" => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope("https://attacker.example.com")),
            _ => CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, Samples.UntrustedOrgSession)),
        };

        var response = await host.SendAsync(Canvas(signed));

        AssertProblem(response, status, code);
        Assert.Empty(Salesforce.Requests);
        Assert.DoesNotContain(signed, response.Body, StringComparison.Ordinal);
        SecretAssert.NoneIn(host.Logs, signed);
    }

    [Fact]
    public async Task A_signed_request_naming_another_origin_configured_for_its_org_is_accepted()
    {
        // A My Domain renamed, or an Experience Cloud site: the org says which other origins its requests may name.
        SalesforceKnowsTheUser();
        var host = Start(new Dictionary<string, string?> { ["Salesforce:Orgs:0:CanvasInstanceUrls:0"] = "https://acme--old.my.salesforce.com" });
        var otherOrigin = CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope("https://acme--old.my.salesforce.com"));
        var notListed = CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope("https://acme--other.my.salesforce.com"));

        var accepted = await host.SendAsync(Canvas(otherOrigin));
        var refused = await host.SendAsync(Canvas(notListed));

        Assert.Equal(200, accepted.Status);
        AssertProblem(refused, 403, "org_not_allowed");
    }

    [Fact]
    public async Task A_canvas_request_naming_another_user_than_salesforce_does_is_refused()
    {
        SalesforceKnowsTheUser();
        var host = Start();

        var response = await host.SendAsync(Canvas(CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url, userId: Samples.OtherUserId18))));

        AssertProblem(response, 401, "invalid_session");
    }

    [Fact]
    public async Task An_oversized_canvas_request_or_one_beside_a_session_is_refused()
    {
        var host = Start();
        var huge = CanvasRequestBuilder.Sign(Changed(CanvasRequestBuilder.Envelope(Salesforce.Url), json => json["padding"] = new string('x', 9000)));

        var tooLarge = await host.SendAsync(Canvas(huge));
        var both = await host.SendAsync(ValidatorRequest.Validate(new JsonObject
        {
            ["sessionId"] = Samples.Session,
            ["signedRequest"] = CanvasRequestBuilder.Sign(CanvasRequestBuilder.Envelope(Salesforce.Url)),
        }.ToJsonString()));

        AssertProblem(tooLarge, 413, "payload_too_large");
        AssertProblem(both, 400, "invalid_request");
        Assert.Empty(Salesforce.Requests);
    }

    private static JsonObject Changed(JsonObject envelope, Action<JsonObject> change)
    {
        change(envelope);
        return envelope;
    }
}
