using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>
/// Review round three, finding 2: the emulator's admin API is for the validator (and anyone on this machine holding
/// the local admin credentials), never for a web page. Reproduced before the fix from a foreign origin: ListUsers, then
/// AdminUpdateUserAttributes rewriting custom:sf_*, with a made-up Authorization header.
/// </summary>
[Collection(RunningStackCollection.Name)]
public sealed class AdminApiHardeningTests(RunningStack stack) : IDisposable
{
    private static readonly JsonObject ListUsers = new() { ["UserPoolId"] = LocalCognitoOptions.DefaultUserPoolId, ["Limit"] = 1 };

    private readonly HttpClient plain = new();

    public void Dispose() => plain.Dispose();

    private HttpRequestMessage Call(string operation, JsonObject body, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, stack.CognitoUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, Contracts.CognitoWire.JsonContentType),
        };
        request.Headers.Add(Contracts.CognitoWire.TargetHeader, Contracts.CognitoWire.TargetPrefix + operation);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private static HttpClient SignedWith(AWSCredentials credentials, HttpMessageHandler? inner = null) =>
        new(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, AdminSignature.Service, inner ?? new SocketsHttpHandler()));

    /// <summary>The status, Cognito's error type and whether a page could read the answer (CORS).</summary>
    private static (int Status, string? ErrorType, bool Cors) Read(HttpResponseMessage response) =>
        ((int)response.StatusCode,
         response.Headers.TryGetValues("x-amzn-ErrorType", out var type) ? type.Single().TrimEnd(':') : null,
         response.Headers.Contains("Access-Control-Allow-Origin"));

    [Fact]
    public async Task An_admin_call_signed_with_the_local_admin_credentials_is_served_without_cors_headers()
    {
        using var client = SignedWith(AdminSignature.LocalCredentials);

        using var response = await client.SendAsync(Call("ListUsers", ListUsers));

        Assert.Equal((200, null, false), Read(response));
    }

    [Fact]
    public async Task A_made_up_authorization_header_is_refused()
    {
        using var request = Call("ListUsers", ListUsers);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=x");

        using var response = await plain.SendAsync(request);

        Assert.Equal((400, "IncompleteSignatureException", false), Read(response));
    }

    [Fact]
    public async Task A_signature_by_other_credentials_is_refused()
    {
        using var client = SignedWith(new BasicAWSCredentials(AdminSignature.LocalCredentials.GetCredentials().AccessKey, "guessed-secret"));

        using var response = await client.SendAsync(Call("ListUsers", ListUsers));

        Assert.Equal((400, "InvalidSignatureException", false), Read(response));
    }

    [Fact]
    public async Task A_signature_by_an_access_key_the_pool_does_not_know_is_an_unrecognized_client_as_on_aws()
    {
        using var client = SignedWith(new BasicAWSCredentials("AKIAUNKNOWNKEY000000", AdminSignature.LocalCredentials.GetCredentials().SecretKey));

        using var response = await client.SendAsync(Call("ListUsers", ListUsers));

        Assert.Equal((400, "UnrecognizedClientException", false), Read(response));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        using var client = SignedWith(AdminSignature.LocalCredentials, new SwapBody("""{"UserPoolId":"us-east-1_SfSsoLocal","Limit":60}""", new SocketsHttpHandler()));

        using var response = await client.SendAsync(Call("ListUsers", ListUsers));

        Assert.Equal((400, "InvalidSignatureException", false), Read(response));
    }

    [Fact]
    public async Task An_admin_call_from_a_page_is_refused_even_when_signed_and_gets_no_cors_headers()
    {
        using var client = SignedWith(AdminSignature.LocalCredentials);

        using var response = await client.SendAsync(Call("AdminUpdateUserAttributes", new JsonObject
        {
            ["UserPoolId"] = LocalCognitoOptions.DefaultUserPoolId,
            ["Username"] = "anyone",
            ["UserAttributes"] = new JsonArray(new JsonObject { ["Name"] = "custom:sf_user_id", ["Value"] = "005000000000001AAA" }),
        }, origin: "https://evil.example"));

        Assert.Equal((400, "AccessDeniedException", false), Read(response));
    }

    [Fact]
    public async Task The_preflight_does_not_let_a_page_send_signatures_while_public_calls_keep_their_cors()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, stack.CognitoUrl);
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, x-amz-target");
        using var answer = await plain.SendAsync(preflight);
        using var publicCall = await plain.SendAsync(Call("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = LocalCognitoOptions.DefaultClientId,
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = "nobody" },
        }, origin: "https://app.example"));

        var allowed = answer.Headers.GetValues("Access-Control-Allow-Headers").Single().Split(',', StringSplitOptions.TrimEntries);
        Assert.DoesNotContain("authorization", allowed);
        Assert.Contains("x-amz-target", allowed);
        Assert.Equal("*", publicCall.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_host_name_other_than_this_machines_is_refused()
    {
        using var request = Call("InitiateAuth", new JsonObject());
        request.Headers.Host = "rebound.example";

        using var response = await plain.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    /// <summary>Replaces the body after the signer has signed it, as a proxy in the middle would.</summary>
    private sealed class SwapBody(string body, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Content = new StringContent(body, Encoding.UTF8, Contracts.CognitoWire.JsonContentType);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
