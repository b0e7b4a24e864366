using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// What the generated OpenAPI document cannot say from the endpoints' types alone, said from the code's own tables so a
/// generated client is as strict as the validator: the problem's <c>code</c> as an enumeration of every stable code
/// (<see cref="RefusalCodes"/>) and <c>status</c> as an integer; the validate body as exactly one of its sign-in inputs;
/// the token exchange's form, answer and RFC 6749 errors (<see cref="SignInInputs"/>, <see cref="TokenExchange"/>);
/// every operation public (<c>security: []</c>); the server relative to the validator's origin.
/// </summary>
internal static class ValidatorOpenApiContract
{
    public static void Apply(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["ProblemDetails"] = Problem();
        document.Components.Schemas["TokenExchangeResponse"] = TokenExchangeAnswer();
        document.Components.Schemas["OAuthError"] = OAuthError();
        // Relative: every host serves the document from the validator's own origin, so the paths are relative to it
        // whatever the host is called (the generated document would name the request's host, with a trailing slash).
        document.Servers = [new OpenApiServer { Url = "/", Description = "The validator that serves this document." }];
        // As the npm package says: no licence is granted (all rights reserved), an SPDX LicenseRef until one is chosen.
        document.Info.License = new OpenApiLicense { Name = "UNLICENSED", Identifier = "LicenseRef-UNLICENSED" };
        document.Tags = new HashSet<OpenApiTag> { new() { Name = "Validator", Description = "Sign-in: prove a Salesforce session, get the Cognito user or tokens." } };

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (_, operation) in item.Operations ?? [])
            {
                // The endpoints are public: a session (or token) in the body is what proves the caller.
                operation.Security = [];
                if (path == ValidatorRoutes.ValidateSession && operation.RequestBody?.Content?["application/json"] is { Schema: { } generated } body)
                {
                    body.Schema = ValidateBody(generated, document);
                }
                else if (path == ValidatorRoutes.TokenExchange)
                {
                    DescribeTokenExchange(operation, document);
                }

                DescribeRetryAfter(operation, validate: path == ValidatorRoutes.ValidateSession);
            }
        }
    }

    private static OpenApiSchema Text(string description, int? maxLength = null) =>
        new() { Type = JsonSchemaType.String, Description = description, MinLength = 1, MaxLength = maxLength };

    private static OpenApiSchema OneOf(string description, IEnumerable<string> values)
    {
        var schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description, Enum = [] };
        foreach (var value in values.Distinct(StringComparer.Ordinal))
        {
            schema.Enum.Add(JsonValue.Create(value));
        }

        return schema;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details; clients branch on `code`, never on `title` or `detail` (for people).",
        Required = new HashSet<string>(StringComparer.Ordinal) { "type", "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the HTTP status's kind of problem." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For people; never holds the session or text from Salesforce or AWS." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = OneOf("The stable reason: the field every client branches on.", RefusalCodes.All.Select(entry => entry.Code)),
        },
    };

    /// <summary>What the validator reads as each input's shape before anything else (Core's rules): the longest it
    /// may be, and its pattern. A value outside them is refused as <c>invalid_request</c>; inside, Salesforce or the
    /// org's keys decide.</summary>
    internal static readonly Dictionary<string, (int MaxLength, string Pattern, string Shape)> InputShapes = new(StringComparer.Ordinal)
    {
        // A 15-character org ID (key prefix 00D), '!', then printable ASCII without spaces (SalesforceSessionRules).
        ["sessionId"] = (ValidatorRoutes.MaxSessionIdLength, "^00D[0-9A-Za-z]{12}![\\x21-\\x7E]+$",
            "The org's 15-character ID (00D…), `!`, then printable ASCII without spaces."),
        // A JWT's three parts, the first a JSON header (eyJ…), printable ASCII (Challenge.IsJwtAccessToken).
        ["accessToken"] = (ValidatorRoutes.MaxAccessTokenLength, "^eyJ[\\x21-\\x2D\\x2F-\\x7E]*\\.[\\x21-\\x2D\\x2F-\\x7E]*\\.[\\x21-\\x2D\\x2F-\\x7E]*$",
            "A JWT: three parts separated by `.`, the first starting `eyJ`."),
        // Salesforce's `signature.envelope`, base64; the envelope a CanvasRequest JSON object (`{"` is `eyJ`), which
        // a pattern cannot say all of: an envelope that does not decode to one is refused as invalid_request too.
        ["signedRequest"] = (ValidatorRoutes.MaxSignedRequestLength, "^[A-Za-z0-9+/_-]+={0,2}\\.eyJ[A-Za-z0-9+/_-]*={0,2}$",
            "`signature.envelope` as Salesforce POSTs it: the HMAC-SHA256 and the CanvasRequest JSON object, each base64."),
    };

    /// <summary>Exactly one sign-in input, each required in its alternative (a named schema, so generated clients name
    /// it too), with the shape the validator checks; other fields are ignored (a client-supplied instance URL among
    /// them), names are exact and none may appear twice. The inputs, their names and descriptions are
    /// <see cref="ValidateSessionBody"/>'s fields, as generated from the type.</summary>
    private static OpenApiSchema ValidateBody(IOpenApiSchema generated, OpenApiDocument document)
    {
        var alternatives = new List<IOpenApiSchema>();
        foreach (var (field, property) in generated.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            var name = $"{char.ToUpperInvariant(field[0])}{field[1..]}Input";
            var (maxLength, pattern, shape) = InputShapes[field];
            var input = Text($"{property.Description ?? field} {shape}", maxLength);
            input.Pattern = pattern;
            document.Components!.Schemas![name] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"{property.Description} Other fields are ignored.",
                Required = new HashSet<string>(StringComparer.Ordinal) { field },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { [field] = input },
                AdditionalPropertiesAllowed = true,
            };
            alternatives.Add(new OpenApiSchemaReference(name, document));
        }

        return new OpenApiSchema
        {
            Description = "Body of `POST /v1/sessions/validate` (at most " + ValidatorRoutes.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                " bytes, which each input's longest value fits without whitespace): exactly one of the sign-in inputs (each a secret: never logged or echoed). Names are exact (`SessionId` is another, ignored field); " +
                "a name given twice is refused; fields other than the inputs are ignored.",
            OneOf = alternatives,
        };
    }

    private static void DescribeTokenExchange(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/x-www-form-urlencoded"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { "grant_type", "subject_token", "subject_token_type" },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["grant_type"] = OneOf("RFC 8693's grant type.", [TokenExchange.GrantType]),
                            ["subject_token"] = Text("The Salesforce session ID, JWT-based access token or Canvas signed request (a secret), each of the shape `/v1/sessions/validate` takes; the whole form is at most 8 KiB."),
                            ["subject_token_type"] = OneOf("What subject_token is (the access token type: a session ID or a JWT, told apart by shape).", SignInInputs.SubjectTokenTypeList),
                            ["requested_token_type"] = OneOf("The Cognito token to answer with; the access token by default.",
                                [TokenExchange.AccessTokenType, TokenExchange.IdTokenType, TokenExchange.RefreshTokenType]),
                            ["scope"] = Text("`openid` adds the ID token beside the requested one; an empty scope is refused (`invalid_scope`)."),
                            ["audience"] = Text("When given, the exchange's app client ID."),
                            ["resource"] = Text("When given, the exchange's app client ID."),
                        },
                    },
                },
            },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = Json("The requested token (RFC 8693 §2.2.1).", "TokenExchangeResponse", document);
        operation.Responses["400"] = Json("Refused (RFC 6749 §5.2).", "OAuthError", document);
        operation.Responses["413"] = Json("The form is too large.", "OAuthError", document);
        operation.Responses["429"] = Json("Too many requests (with Retry-After).", "OAuthError", document);
        operation.Responses["503"] = Json("Salesforce or the user directory is unavailable, or the service is busy.", "OAuthError", document);
    }

    /// <summary><c>Retry-After</c> (seconds) where a refusal carries it (<see cref="RefusalCodes.Entry.RetryAfter"/>):
    /// always on its status when every refusal answered with it does, else "when code says so".</summary>
    private static void DescribeRetryAfter(OpenApiOperation operation, bool validate)
    {
        foreach (var status in RefusalCodes.All.Where(entry => entry.RetryAfter).Select(entry => validate ? entry.Status : entry.OAuthStatus).Distinct())
        {
            var sharing = RefusalCodes.All.Where(entry => (validate ? entry.Status : entry.OAuthStatus) == status).ToList();
            var always = sharing.All(entry => entry.RetryAfter);
            if (operation.Responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                response.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = always
                        ? "Seconds to wait before trying again."
                        : $"Seconds to wait before trying again; sent only for: {string.Join(" ", sharing.Where(entry => entry.RetryAfter).Select(entry => validate ? $"{entry.Code}." : entry.Title))}",
                    Required = always,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                };
            }
        }
    }

    private static OpenApiResponse Json(string description, string schema, OpenApiDocument document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            ["application/json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
    };

    private static OpenApiSchema TokenExchangeAnswer() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(StringComparer.Ordinal) { "access_token", "issued_token_type", "token_type", "expires_in" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["access_token"] = Text("The requested token (RFC 8693 names it so whatever its type)."),
            ["issued_token_type"] = OneOf("The requested token's type.", [TokenExchange.AccessTokenType, TokenExchange.IdTokenType, TokenExchange.RefreshTokenType]),
            ["token_type"] = OneOf("Bearer for an access token, N_A otherwise.", ["Bearer", "N_A"]),
            ["expires_in"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "Seconds until the ID and access tokens expire." },
            ["id_token"] = Text("The ID token, when scope=openid asked for it."),
        },
    };

    private static OpenApiSchema OAuthError() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(StringComparer.Ordinal) { "error" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["error"] = OneOf("RFC 6749's error code.",
            [
                TokenExchange.InvalidRequest, TokenExchange.InvalidTarget, TokenExchange.InvalidScope, .. RefusalCodes.All.Select(entry => entry.OAuthError),
                TokenExchange.UnsupportedGrantType,
            ]),
            ["error_description"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For people." },
        },
    };
}
