using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// JWT-based access tokens as an org with them turned on issues them: RS256, header <c>kid</c>
/// <c>CORE_ATJWT.&lt;org15&gt;.&lt;time&gt;</c>, <c>tty</c> <c>sfdc-core-token</c>, <c>tnk</c>
/// <c>core/&lt;instance&gt;/&lt;org18&gt;</c>, <c>ver</c> <c>1.0</c>; claims <c>iss</c> and <c>aud</c> the instance,
/// <c>sub</c> <c>uid:&lt;user18&gt;</c>, <c>scp</c>, <c>client_id</c>, <c>nbf</c>, <c>iat</c>, <c>exp</c>, <c>mty</c>,
/// <c>sfi</c>, <c>roles</c>, <c>hsc</c> (the fields of a real token in Salesforce's mobile SDK tests). The keys are
/// published as Salesforce publishes them: <c>/.well-known/openid-configuration</c> names <c>/id/keys</c>. A rotation
/// adds a new current key and keeps the old one published, as an org does while its tokens live.
/// </summary>
public sealed class StandInAccessTokens(SalesforceEmulatorOptions options, TimeProvider time) : IDisposable
{
    /// <summary>The sign-in app's consumer key, as the stand-in's tokens name it (<c>client_id</c>), in a consumer key's shape.</summary>
    public const string ClientId = "3MVG9SfSsoLocalSignInApp";

    /// <summary>How long a token lives: Salesforce's default for JWT-based access tokens.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly Lock gate = new();
    private readonly List<(RsaSecurityKey Key, RSA Rsa)> keys = [];
    private int keyReads;

    /// <summary>Reads of the published keys so far (discovery and key set).</summary>
    public int KeyReads => Volatile.Read(ref keyReads);

    private string Instance => options.SalesforceUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The sign-in app as <c>infra/salesforce</c> deploys it: its scopes are the tokens' <c>scp</c>.</summary>
    public StandInApp SignInApp { get; } = StandInApp.Load(StandInApp.SignIn);

    /// <summary>A token for this user, signed with the current key: the sign-in app's unless another app's scope and
    /// client ID are given.</summary>
    public string Issue(DemoUser user, string? scope = null, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = Current();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            TokenType = "JWT",
            AdditionalHeaderClaims = new Dictionary<string, object>
            {
                ["tty"] = "sfdc-core-token",
                ["tnk"] = $"core/standin1-core1/{user.OrgId.Value}",
                ["ver"] = "1.0",
            },
            Claims = new Dictionary<string, object>
            {
                ["scp"] = scope ?? SignInApp.ScopeClaim,
                ["aud"] = new[] { Instance },
                ["sub"] = $"uid:{user.UserId.Value}",
                ["nbf"] = now,
                ["mty"] = "oauth",
                ["sfi"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                ["roles"] = Array.Empty<string>(),
                ["iss"] = Instance,
                ["hsc"] = false,
                ["exp"] = now + (long)Lifetime.TotalSeconds,
                ["iat"] = now,
                ["client_id"] = clientId ?? ClientId,
            },
        });
    }

    /// <summary>A new current key; the old ones stay published.</summary>
    public void Rotate()
    {
        lock (gate)
        {
            keys.Add(NewKey(options.Users.Count > 0 ? options.Users[0].OrgId.Value[..15] : "00D000000000000"));
        }
    }

    /// <summary>The stand-in's own control (not Salesforce's API): a new current key, as an org rotates.</summary>
    public const string RotatePath = "/sfsso/rotate-keys";

    /// <summary>Discovery and the key set (and the rotation control); false for any other request.</summary>
    public async Task<bool> TryAnswerAsync(HttpContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (path == RotatePath && HttpMethods.IsPost(context.Request.Method))
        {
            Rotate();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        if (!HttpMethods.IsGet(context.Request.Method) || path is not ("/.well-known/openid-configuration" or "/id/keys"))
        {
            return false;
        }

        Interlocked.Increment(ref keyReads);
        context.Response.ContentType = "application/json";
        var body = path == "/id/keys" ? KeySet() : new JsonObject
        {
            ["issuer"] = Instance,
            ["authorization_endpoint"] = $"{Instance}/services/oauth2/authorize",
            ["token_endpoint"] = $"{Instance}/services/oauth2/token",
            ["userinfo_endpoint"] = $"{Instance}/services/oauth2/userinfo",
            ["jwks_uri"] = $"{Instance}/id/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var (_, rsa) in keys)
            {
                rsa.Dispose();
            }

            keys.Clear();
        }
    }

    private RsaSecurityKey Current()
    {
        lock (gate)
        {
            if (keys.Count == 0)
            {
                keys.Add(NewKey(options.Users.Count > 0 ? options.Users[0].OrgId.Value[..15] : "00D000000000000"));
            }

            return keys[^1].Key;
        }
    }

    private JsonObject KeySet()
    {
        Current();
        var published = new JsonArray();
        lock (gate)
        {
            foreach (var (key, rsa) in keys)
            {
                var parameters = rsa.ExportParameters(includePrivateParameters: false);
                published.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["alg"] = "RS256",
                    ["use"] = "sig",
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                });
            }
        }

        return new JsonObject { ["keys"] = published };
    }

    private (RsaSecurityKey, RSA) NewKey(string org15)
    {
        var rsa = RSA.Create(2048);
        var kid = $"CORE_ATJWT.{org15}.{time.GetUtcNow().ToUnixTimeMilliseconds() + keys.Count}";
        return (new RsaSecurityKey(rsa) { KeyId = kid }, rsa);
    }
}
