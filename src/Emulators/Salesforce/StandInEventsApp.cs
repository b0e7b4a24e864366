using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// The demo org's events app (<see cref="StandInApp.Events"/>, read from <c>infra/salesforce</c>): the client
/// credentials flow at <c>/services/oauth2/token</c>, run as its integration user, with the client ID and secret of the
/// stack's settings (the secret made per run, or <c>LocalStack__EventsClientSecret</c>). Its access tokens are opaque,
/// <c>&lt;org15&gt;!…</c> as an org's are, unless the app issues JWT-based tokens (its metadata, or
/// <c>LocalStack__EventsTokenFormat=jwt</c> as a misconfigured app does): those work on the REST API and are refused
/// by the Pub/Sub API, as Salesforce's are. A run-as user that is inactive or frozen gets no token.
/// </summary>
public sealed class StandInEventsApp(SalesforceEmulatorOptions options, StandInSessions sessions, StandInAccessTokens accessTokens, TimeProvider time)
{
    /// <summary>Salesforce's refusal when the run-as user is deactivated or frozen (the token endpoint says no more).</summary>
    public const string InactiveUser = """{"error":"invalid_grant","error_description":"inactive user"}""";

    private readonly ConcurrentDictionary<string, bool> tokens = new(StringComparer.Ordinal);
    private TaskCompletionSource refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int issued;

    /// <summary>The app as <c>infra/salesforce</c> deploys it.</summary>
    public StandInApp App { get; } = StandInApp.Load(StandInApp.Events);

    /// <summary>The integration user the client credentials flow runs as (the app's policy names it in an org).</summary>
    public DemoUser RunAsUser { get; } = new(
        string.Empty,
        options.Users.Count > 0 ? options.Users[0].OrgId : SalesforceId.Parse(DemoUser.DemoOrgId),
        SalesforceId.Parse(RunAsUserId),
        "sfsso-events@example.com",
        "SfCognitoSso Events");

    /// <summary>The run-as user's record ID.</summary>
    public const string RunAsUserId = "0055j00000Evnts";

    /// <summary>Whether the app's tokens are JWT-based: the metadata says so, or the stack was told to misconfigure it.</summary>
    public bool IssuesJwt => App.JwtAccessTokens || options.EventsTokenFormat == EventsTokenFormat.Jwt;

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref issued);

    /// <summary>Completes at the next refused request (tests).</summary>
    public Task NextRefusal => Volatile.Read(ref refused).Task;

    public string ClientId => options.EventsClientId;

    public string ClientSecret => options.EventsClientSecret;

    /// <summary>A token for matching credentials; null otherwise (tests and the Pub/Sub stand-in's own checks).</summary>
    public string? Issue(string? givenId, string? givenSecret) =>
        Same(givenId, ClientId) && Same(givenSecret, ClientSecret) && App.ClientCredentialsFlow && RunAsAllowed ? NewToken() : Refused();

    /// <summary>The token endpoint's answer to a client credentials request, in Salesforce's shape.</summary>
    public async Task TokenAsync(HttpContext context, IFormCollection? form)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.ContentType = "application/json";
        string? refusal = null;
        if (form is null || form["grant_type"].ToString() != "client_credentials")
        {
            refusal = """{"error":"unsupported_grant_type","error_description":"grant type not supported"}""";
        }
        else if (!Same(form["client_id"].ToString(), ClientId) || !Same(form["client_secret"].ToString(), ClientSecret))
        {
            refusal = """{"error":"invalid_client","error_description":"invalid client credentials"}""";
        }
        else if (!App.ClientCredentialsFlow)
        {
            refusal = """{"error":"invalid_grant","error_description":"client credentials flow is not enabled for this app"}""";
        }
        else if (!RunAsAllowed)
        {
            refusal = InactiveUser;
        }

        if (refusal is not null)
        {
            Refused();
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsync(refusal, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var token = NewToken();
        var instance = $"{context.Request.Scheme}://{context.Request.Host}";
        var id = $"{instance}/id/{RunAsUser.OrgId.Value}/{RunAsUser.UserId.Value}";
        var issuedAt = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["access_token"] = token,
            // Salesforce signs id and issued_at with the consumer secret, so a client can tell the answer is the org's.
            ["signature"] = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ClientSecret), Encoding.UTF8.GetBytes(id + issuedAt))),
            ["scope"] = App.ScopeClaim,
            ["instance_url"] = instance,
            ["id"] = id,
            ["token_type"] = "Bearer",
            ["issued_at"] = issuedAt,
        };
        if (IssuesJwt)
        {
            body["token_format"] = "jwt";
            body["api_instance_url"] = instance;
        }

        await response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    public bool Accepts(string? token) => token is not null && tokens.ContainsKey(token);

    /// <summary>Whether an accepted token is a JWT-based one (which Pub/Sub refuses).</summary>
    public bool IsJwt(string? token) => token is not null && tokens.TryGetValue(token, out var jwt) && jwt;

    /// <summary>Every issued token stops working, as when an admin revokes the app's tokens (tests).</summary>
    public void RevokeAll() => tokens.Clear();

    private bool RunAsAllowed => sessions.IsActive(RunAsUser.UserId) && !sessions.IsFrozen(RunAsUser.UserId);

    private string NewToken()
    {
        Interlocked.Increment(ref issued);
        var jwt = IssuesJwt;
        var token = jwt
            ? accessTokens.Issue(RunAsUser, App.ScopeClaim, ClientId)
            : $"{RunAsUser.OrgId.Value[..15]}!{Convert.ToBase64String(RandomNumberGenerator.GetBytes(72)).TrimEnd('=').Replace('+', '.').Replace('/', '_')}";
        tokens[token] = jwt;
        return token;
    }

    private string? Refused()
    {
        Interlocked.Exchange(ref refused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        return null;
    }

    private static bool Same(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}

/// <summary>The events app's access tokens: opaque, as the Pub/Sub API needs, or JWT-based, as a misconfigured app
/// issues (<c>LocalStack__EventsTokenFormat</c>).</summary>
public enum EventsTokenFormat
{
    Opaque,
    Jwt,
}
