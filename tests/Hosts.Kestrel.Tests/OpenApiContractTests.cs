using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Contracts;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>The served OpenAPI document held against the validator itself: every route of the client contract, every
/// problem code, every grant and token type it lists is what the endpoints do, and nothing they do is missing.</summary>
[Collection(KestrelHosting.Collection)]
public sealed class OpenApiContractTests : ValidatorFacts<KestrelHosting>
{
    private static readonly string[] SignInBodyFields = ["sessionId", "signedRequest", "accessToken"];
    private static readonly int[] SignatureLengths = [43, 44, 46];

    private IValidatorHost StartWithExchange() => Start(new Dictionary<string, string?>
    {
        ["Directory:Provider"] = "Cognito",
        ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
        ["Cognito:ServiceUrl"] = Loopback.ClosedUrl(),
        ["Exchange:ClientId"] = "exchangeclient",
    });

    private static async Task<JsonObject> DocumentAsync(IValidatorHost host) =>
        JsonNode.Parse((await host.SendAsync(new ValidatorRequest("GET", "/openapi/v1.json"))).Body)!.AsObject();

    private static string[] Enum(JsonNode? schema) => [.. schema!["enum"]!.AsArray().Select(value => value!.GetValue<string>())];

    private static ValidatorRequest Exchange(string form) =>
        new("POST", ValidatorRoutes.TokenExchange, "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(form));

    [Fact]
    public async Task Every_route_of_the_client_contract_is_described_public_and_summarised()
    {
        var document = await DocumentAsync(StartWithExchange());

        var paths = document["paths"]!.AsObject();
        Assert.Equal([ValidatorRoutes.TokenExchange, ValidatorRoutes.ValidateSession], paths.Select(path => path.Key).Order(StringComparer.Ordinal));
        Assert.All(paths.SelectMany(path => path.Value!.AsObject()), operation =>
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Value!["summary"]?.GetValue<string>()), operation.Key);
            Assert.Empty(operation.Value!["security"]!.AsArray());
        });
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
        foreach (var entry in RefusalCodes.All.Where(entry => entry.RetryAfter))
        {
            Assert.NotNull(paths[ValidatorRoutes.ValidateSession]!["post"]!["responses"]![entry.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["headers"]!["Retry-After"]);
            Assert.NotNull(paths[ValidatorRoutes.TokenExchange]!["post"]!["responses"]![entry.OAuthStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)]!["headers"]!["Retry-After"]);
        }
    }

    [Fact]
    public async Task The_problem_codes_are_every_stable_code_and_a_refusal_matches_the_problem_schema()
    {
        var host = Start();
        var problem = (await DocumentAsync(host))["components"]!["schemas"]!["ProblemDetails"]!;

        var refused = await host.SendAsync(ValidatorRequest.Validate("{}"));
        var untrusted = await host.SendAsync(ValidatorRequest.ValidateSession("00D000000000001!an.org.nobody.trusts"));

        Assert.Equal(RefusalCodes.All.Select(entry => entry.Code).Distinct().Order(StringComparer.Ordinal), Enum(problem["properties"]!["code"]).Order(StringComparer.Ordinal));
        Assert.Equal("integer", problem["properties"]!["status"]!["type"]!.GetValue<string>());
        foreach (var answer in new[] { refused, untrusted })
        {
            var body = answer.Json!.AsObject();
            Assert.All(problem["required"]!.AsArray(), field => Assert.True(body.ContainsKey(field!.GetValue<string>()), field!.GetValue<string>()));
            Assert.Equal(answer.Status, body["status"]!.GetValue<int>());
            Assert.Contains(answer.Code, Enum(problem["properties"]!["code"]));
        }
    }

    [Fact]
    public async Task The_validate_body_is_exactly_one_sign_in_input_each_of_which_the_validator_reads()
    {
        var host = Start();
        var document = await DocumentAsync(host);
        var body = document["paths"]![ValidatorRoutes.ValidateSession]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;

        var alternatives = body["oneOf"]!.AsArray()
            .Select(alternative => document["components"]!["schemas"]![alternative!["$ref"]!.GetValue<string>().Split('/')[^1]]!.AsObject()).ToList();
        Assert.Equal(SignInBodyFields, alternatives.Select(alternative => alternative["required"]!.AsArray().Single()!.GetValue<string>()));
        // Other fields are ignored (a client-supplied instance URL among them), as the server does.
        Assert.All(alternatives, alternative => Assert.NotEqual(false, alternative["additionalProperties"]?.GetValue<bool>()));
        // Each field is one the validator takes as a sign-in input: a malformed one is refused as that input, not as a
        // body naming none.
        var none = (await host.SendAsync(ValidatorRequest.Validate("{}"))).Json!["detail"]!.GetValue<string>();
        foreach (var field in SignInBodyFields)
        {
            var answer = await host.SendAsync(ValidatorRequest.Validate(new JsonObject { [field] = "not-a-valid-input" }.ToJsonString()));
            Assert.NotEqual(none, answer.Json!["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_body_the_document_allows_is_never_refused_for_its_shape_and_one_it_forbids_is()
    {
        var host = Start();
        var document = await DocumentAsync(host);
        var schemas = document["components"]!["schemas"]!;
        var random = new Random(42);
        foreach (var field in SignInBodyFields)
        {
            var input = schemas[$"{char.ToUpperInvariant(field[0])}{field[1..]}Input"]!["properties"]![field]!;
            var pattern = new System.Text.RegularExpressions.Regex(input["pattern"]!.GetValue<string>(), System.Text.RegularExpressions.RegexOptions.ECMAScript);
            var maxLength = input["maxLength"]!.GetValue<int>();
            // The longest value the document allows, then a short one, each of the documented shape.
            foreach (var length in new[] { maxLength, 40 })
            {
                var value = Shaped(field, length, random);
                Assert.Matches(pattern, value);
                var body = new JsonObject { [field] = value };
                if (length < maxLength)
                {
                    // Other fields are ignored (the longest value fills the body's limit on its own).
                    body["instanceUrl"] = "https://attacker.example";
                }

                var answer = await host.SendAsync(ValidatorRequest.Validate(body.ToJsonString()));
                Assert.True(answer.Status is 401 or 403, $"{field} of {length} characters: {answer.Status} {answer.Body}");
            }

            // One character more, or another shape, and the document and the validator both refuse it.
            foreach (var value in new[] { Shaped(field, maxLength + 1, random), "not-of-the-shape" })
            {
                Assert.True(!pattern.IsMatch(value) || value.Length > maxLength);
                var answer = await host.SendAsync(ValidatorRequest.Validate(new JsonObject { [field] = value }.ToJsonString()));
                Assert.True(answer.Status is 400 or 401 or 413, $"{field}: {answer.Status} {answer.Code}");
            }
        }

        // Names are exact and given once: what the document cannot say, the server refuses rather than guesses.
        var session = Shaped("sessionId", 40, random);
        AssertProblem(await host.SendAsync(ValidatorRequest.Validate($"{{\"SessionId\":\"{session}\"}}")), 400, "invalid_request");
        AssertProblem(await host.SendAsync(ValidatorRequest.Validate($"{{\"sessionId\":\"{session}\",\"sessionId\":\"{session}\"}}")), 400, "invalid_request");
    }

    /// <summary>A value of the shape the document gives each input, of the given length.</summary>
    private static string Shaped(string field, int length, Random random)
    {
        const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        string Fill(int count) => new([.. Enumerable.Range(0, Math.Max(count, 1)).Select(_ => Base64[random.Next(Base64.Length)])]);
        return field switch
        {
            // An org no one configured: refused as untrusted (403) before any call, never as malformed.
            "sessionId" => $"00D000000000001!{Fill(length - 16)}",
            "accessToken" => $"eyJ{Fill((length - 5) / 3)}.{Fill((length - 5) / 3)}.{Fill(length - 5 - (2 * ((length - 5) / 3)))}",
            _ => SignedRequest(length, random),
        };
    }

    /// <summary>Salesforce's shape, of an exact length: a base64url signature (not this org's), '.', and the envelope,
    /// base64url of a CanvasRequest JSON object naming an org no one configured.</summary>
    private static string SignedRequest(int length, Random random)
    {
        // Unpadded base64url comes in every length but 4k+1; n bytes encode to ceil(4n/3) characters.
        var signatureLength = SignatureLengths.First(candidate => (length - 1 - candidate) % 4 != 1);
        var envelopeLength = length - 1 - signatureLength;
        var bytes = envelopeLength * 3 / 4;
        const string Head = "{\"algorithm\":\"HMACSHA256\",\"client\":{\"oauthToken\":\"00D000000000001!token\",\"instanceUrl\":\"https://example.my.salesforce.com\"}," +
            "\"context\":{\"organization\":{\"organizationId\":\"00D000000000001\"},\"user\":{\"userId\":\"005000000000001\"}},\"pad\":\"";
        var json = Head + new string('x', Math.Max(bytes - Head.Length - 2, 0)) + "\"}";
        var signature = new byte[(signatureLength * 3 / 4) + 1];
        random.NextBytes(signature);
        return $"{Base64Url.EncodeToString(signature)[..signatureLength]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}";
    }

    [Fact]
    public async Task The_token_form_lists_every_grant_and_token_type_the_exchange_takes_and_no_other()
    {
        var host = StartWithExchange();
        var operation = (await DocumentAsync(host))["paths"]![ValidatorRoutes.TokenExchange]!["post"]!;
        var form = operation["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        var fields = form["properties"]!;
        var subjectTypes = Enum(fields["subject_token_type"]);
        var oauthErrors = Enum(operation["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"] is { } reference
            ? (await DocumentAsync(host))["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]!["properties"]!["error"]
            : null);

        Assert.Equal(["grant_type", "subject_token", "subject_token_type"], form["required"]!.AsArray().Select(field => field!.GetValue<string>()));
        Assert.Equal([TokenExchange.GrantType], Enum(fields["grant_type"]));
        Assert.Equal(SignInInputs.SubjectTokenTypeList, subjectTypes);
        foreach (var type in subjectTypes)
        {
            var answer = await host.SendAsync(Exchange($"grant_type={Uri.EscapeDataString(TokenExchange.GrantType)}&subject_token=x&subject_token_type={Uri.EscapeDataString(type)}"));
            Assert.DoesNotContain("subject_token_type must be", answer.Json!["error_description"]?.GetValue<string>() ?? string.Empty, StringComparison.Ordinal);
            Assert.Contains(answer.Json!["error"]!.GetValue<string>(), oauthErrors);
        }

        var unlisted = await host.SendAsync(Exchange($"grant_type={Uri.EscapeDataString(TokenExchange.GrantType)}&subject_token=x&subject_token_type=urn:example:other"));
        var otherGrant = await host.SendAsync(Exchange("grant_type=password&subject_token=x"));
        Assert.Contains("subject_token_type must be", unlisted.Json!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(otherGrant.Json!["error"]!.GetValue<string>(), oauthErrors);
        foreach (var requested in Enum(fields["requested_token_type"]))
        {
            var answer = await host.SendAsync(Exchange($"grant_type={Uri.EscapeDataString(TokenExchange.GrantType)}&subject_token=x&subject_token_type={Uri.EscapeDataString(TokenExchange.AccessTokenType)}&requested_token_type={Uri.EscapeDataString(requested)}"));
            Assert.DoesNotContain("requested_token_type", answer.Json!["error_description"]?.GetValue<string>() ?? string.Empty, StringComparison.Ordinal);
        }
    }
}
