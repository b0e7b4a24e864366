using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// The two Salesforce resources the validator can ask "who is this session?", answering for the demo users with
/// the body shapes Salesforce sends (trimmed to fields it always sends) and 401 for any other session, as an expired
/// or revoked one gets; a canvas app launch (<c>GET /canvas/launch?user=N</c>) that signs a CanvasRequest for a
/// demo user with the demo org's consumer secret and POSTs it to the local stack's canvas app, as Salesforce does
/// when a user opens a canvas app; and Salesforce's own ways to end a session, each published as the event
/// Salesforce publishes (<see cref="StandInEventBus"/>): a UI logout (<c>/secur/logout.jsp</c> with the
/// session in the <c>sid</c> cookie; a LogoutEventStream event) and a deactivation (<c>PATCH
/// /services/data/v62.0/sobjects/User/&lt;id&gt;</c> with <c>{"IsActive": false}</c>; a UserChangeEvent), after which
/// the user's sessions stop validating. <c>POST /login.jsp</c> with <c>un</c> (a demo user's email or user ID) gives
/// that user a new session, as logging in again does. The connected app's client credentials flow
/// (<c>/services/oauth2/token</c>) gives the Pub/Sub stand-in's access tokens.
/// </summary>
public sealed class SalesforceStandIn(
    SalesforceEmulatorOptions options,
    StandInEventBus? events = null,
    StandInConnectedApp? connectedApp = null,
    TimeProvider? time = null)
{
    public const string UserInfoPath = "/services/oauth2/userinfo";

    public const string CanvasLaunchPath = "/canvas/launch";

    public const string LogoutPath = "/secur/logout.jsp";

    public const string LoginPath = "/login.jsp";

    public const string TokenPath = "/services/oauth2/token";

    public const string UserRecordPath = "/services/data/v62.0/sobjects/User/";

    /// <summary>SOQL over REST, for the one query single sign-out makes after a gap event.</summary>
    public const string QueryPath = "/services/data/v62.0/query";

    private readonly IReadOnlyList<DemoUser> demoUsers = options.Users;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DemoUser> bySession = new(options.Users
        .GroupBy(user => user.SessionId, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal), StringComparer.Ordinal);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<SalesforceId, bool> deactivated = new();

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private int requests;

    /// <summary>Calls answered so far: lets tests and the curious see how often Salesforce is really asked.</summary>
    public int Requests => Volatile.Read(ref requests);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == CanvasLaunchPath && HttpMethods.IsGet(context.Request.Method) && options.CanvasAppUrl is { } canvasApp)
        {
            await LaunchCanvasAppAsync(context, canvasApp).ConfigureAwait(false);
            return;
        }

        if (await EndsOrStartsSessionAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        Interlocked.Increment(ref requests);
        if (options.LatencyMs > 0)
        {
            await Task.Delay(options.LatencyMs, context.RequestAborted).ConfigureAwait(false);
        }

        var chatter = path.StartsWith("/services/data/v", StringComparison.Ordinal) && path.EndsWith("/chatter/users/me", StringComparison.Ordinal);
        if (!HttpMethods.IsGet(context.Request.Method) || (!chatter && path != UserInfoPath))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var known = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? Active(authorization["Bearer ".Length..]) : null;
        if (known is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (chatter)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("Bad_OAuth_Token", context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        var instance = $"{context.Request.Scheme}://{context.Request.Host}";
        context.Response.ContentType = "application/json";
        var body = chatter ? ChatterUser(known, instance, path) : UserInfo(known, instance);
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// What Salesforce does when a user opens a canvas app with signed-request authentication: a page that POSTs
    /// <c>signed_request</c> to the canvas app URL. <c>user</c> picks a demo user by index; <c>tamper=1</c> changes the
    /// envelope after signing, as an attacker would. Not done: the Canvas SDK, refreshing the request, the app's
    /// other context (environment, links, parameters), and a real OAuth token (the demo session stands in for it).
    /// </summary>
    private async Task LaunchCanvasAppAsync(HttpContext context, Uri canvasApp)
    {
        var index = int.TryParse(context.Request.Query["user"], out var chosen) ? chosen : 0;
        if (index < 0 || index >= demoUsers.Count)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var user = demoUsers[index];
        var instance = options.SalesforceUrl.GetLeftPart(UriPartial.Authority);
        var envelope = new JsonObject
        {
            ["algorithm"] = "HMACSHA256",
            ["issuedAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["userId"] = user.UserId.Value,
            ["client"] = new JsonObject
            {
                ["oauthToken"] = user.SessionId,
                ["instanceUrl"] = instance,
                ["targetOrigin"] = instance,
                ["instanceId"] = "09HLOCALSTACK00",
                ["refreshToken"] = null,
            },
            ["context"] = new JsonObject
            {
                ["user"] = new JsonObject { ["userId"] = user.UserId.Value, ["userName"] = user.Email, ["email"] = user.Email, ["fullName"] = user.Name, ["userType"] = "STANDARD" },
                ["organization"] = new JsonObject { ["organizationId"] = user.OrgId.Value, ["name"] = "SfCognitoSso local stack" },
                ["application"] = new JsonObject { ["name"] = "SfCognitoSso", ["authType"] = "SIGNED_REQUEST", ["canvasUrl"] = canvasApp.AbsoluteUri },
            },
        };
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(options.CanvasConsumerSecret), System.Text.Encoding.ASCII.GetBytes(encoded)));
        if (context.Request.Query["tamper"] == "1")
        {
            envelope["context"]!["user"]!["userId"] = demoUsers[(index + 1) % demoUsers.Count].UserId.Value;
            encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        var action = System.Net.WebUtility.HtmlEncode(canvasApp.AbsoluteUri);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Salesforce (stand-in): opening a canvas app</title></head>
            <body>
            <p>Salesforce (stand-in) is opening the canvas app for {{System.Net.WebUtility.HtmlEncode(user.Name)}}…</p>
            <form method="post" action="{{action}}"><input type="hidden" name="signed_request" value="{{signature}}.{{encoded}}"><noscript><button>Continue</button></noscript></form>
            <script>document.forms[0].submit();</script>
            </body></html>
            """, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The demo user whose session this is, while it has not ended and the user is active.</summary>
    private DemoUser? Active(string? session) =>
        session is not null && bySession.TryGetValue(session, out var user) && !deactivated.ContainsKey(user.UserId) ? user : null;

    /// <summary>Logout, deactivation, a new login, and the connected app's tokens; false for any other request.</summary>
    private async Task<bool> EndsOrStartsSessionAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var response = context.Response;
        if (path == LogoutPath && (HttpMethods.IsPost(request.Method) || HttpMethods.IsGet(request.Method)))
        {
            // Salesforce ends the session in the sid cookie, and publishes the logout when streaming is on.
            if (request.Cookies["sid"] is { } session && Active(session) is { } user && bySession.TryRemove(session, out _))
            {
                events?.PublishLogout(user, clock.GetUtcNow());
            }

            response.Cookies.Delete("sid");
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync("<!doctype html><title>Logged out</title><p>You are logged out of Salesforce (stand-in).</p>", context.RequestAborted).ConfigureAwait(false);
            return true;
        }

        if (path == LoginPath && HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var name = (await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))["un"].ToString();
            var user = demoUsers.FirstOrDefault(candidate => string.Equals(candidate.Email, name, StringComparison.OrdinalIgnoreCase) || candidate.UserId.Value.StartsWith(name, StringComparison.Ordinal));
            if (user is null || name.Length == 0 || deactivated.ContainsKey(user.UserId))
            {
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return true;
            }

            var session = $"{user.OrgId.Value[..15]}!{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '.').Replace('/', '_')}";
            bySession[session] = user;
            response.Cookies.Append("sid", session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
            response.ContentType = "application/json";
            await response.WriteAsync(new JsonObject { ["sessionId"] = session, ["userId"] = user.UserId.Value }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return true;
        }

        if (path == QueryPath && HttpMethods.IsGet(request.Method))
        {
            await QueryUsersAsync(context).ConfigureAwait(false);
            return true;
        }

        if (path.StartsWith(UserRecordPath, StringComparison.Ordinal) && HttpMethods.IsPatch(request.Method))
        {
            await UpdateUserAsync(context, path[UserRecordPath.Length..]).ConfigureAwait(false);
            return true;
        }

        if (path == TokenPath && HttpMethods.IsPost(request.Method) && connectedApp is not null)
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            var token = form is not null && form["grant_type"].ToString() == "client_credentials"
                ? connectedApp.Issue(form["client_id"].ToString(), form["client_secret"].ToString())
                : null;
            response.ContentType = "application/json";
            if (token is null)
            {
                response.StatusCode = StatusCodes.Status400BadRequest;
                await response.WriteAsync("""{"error":"invalid_client","error_description":"invalid client credentials"}""", context.RequestAborted).ConfigureAwait(false);
                return true;
            }

            var instance = $"{request.Scheme}://{request.Host}";
            await response.WriteAsync(new JsonObject
            {
                ["access_token"] = token,
                ["instance_url"] = instance,
                ["id"] = $"{instance}/id/{demoUsers[0].OrgId.Value}/005000000000000AAA",
                ["token_type"] = "Bearer",
                ["issued_at"] = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>The REST API's record update, for <c>IsActive</c> only: any demo session of the org may change it (a
    /// real org requires Manage Users). Deactivating ends the user's sessions and publishes the change.</summary>
    private async Task UpdateUserAsync(HttpContext context, string recordId)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var caller = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? Active(authorization["Bearer ".Length..]) : null;
        context.Response.ContentType = "application/json";
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var target = SalesforceId.TryParseUser(recordId, out var userId)
            ? demoUsers.FirstOrDefault(user => user.UserId == userId && user.OrgId == caller.OrgId)
            : null;
        JsonNode? body = null;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        if (target is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("""[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (body is not JsonObject { Count: 1 } update || update["IsActive"] is not JsonValue value || !value.TryGetValue<bool>(out var isActive))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""[{"errorCode":"INVALID_FIELD","message":"The stand-in updates IsActive (a boolean) only."}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var changed = isActive ? deactivated.TryRemove(target.UserId, out _) : deactivated.TryAdd(target.UserId, true);
        if (changed && context.Request.Query["sfsso_gap"] == "1")
        {
            // The stand-in's control, not Salesforce's API: publish the change as a gap event, as Salesforce does when
            // it cannot build the change event (record IDs, no field values).
            events?.PublishGap([target.UserId], "GAP_UPDATE", caller.UserId, clock.GetUtcNow());
        }
        else if (changed)
        {
            events?.PublishActiveChange(target, isActive, caller.UserId, clock.GetUtcNow());
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// <c>GET /services/data/v62.0/query?q=SELECT Id, IsActive[, Email] FROM User WHERE Id IN ('…', …)</c>, the only SOQL the
    /// stand-in answers, for a connected app's token or a demo session, with Salesforce's query result shape; IDs of no
    /// demo user are left out, as records the caller cannot see are. Anything else is Salesforce's MALFORMED_QUERY.
    /// </summary>
    private async Task QueryUsersAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        context.Response.ContentType = "application/json";
        if (token is null || (connectedApp?.Accepts(token) != true && Active(token) is null))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var match = System.Text.RegularExpressions.Regex.Match(
            context.Request.Query["q"].ToString(), @"^SELECT Id, IsActive(, Email)? FROM User WHERE Id IN \(('\w{15,18}'(, ?'\w{15,18}')*)\)$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""[{"message":"The stand-in answers SELECT Id, IsActive[, Email] FROM User WHERE Id IN (...) only.","errorCode":"MALFORMED_QUERY"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var records = new JsonArray();
        foreach (var id in match.Groups[2].Value.Split(',').Select(quoted => quoted.Trim().Trim('\'')))
        {
            if (SalesforceId.TryParseUser(id, out var userId) && demoUsers.FirstOrDefault(user => user.UserId == userId) is { } user)
            {
                records.Add(new JsonObject
                {
                    ["attributes"] = new JsonObject { ["type"] = "User", ["url"] = UserRecordPath + user.UserId.Value },
                    ["Id"] = user.UserId.Value,
                    ["IsActive"] = !deactivated.ContainsKey(user.UserId),
                });
                if (match.Groups[1].Success)
                {
                    records[^1]!["Email"] = user.Email;
                }
            }
        }

        await context.Response.WriteAsync(new JsonObject { ["totalSize"] = records.Count, ["done"] = true, ["records"] = records }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Chatter's User Detail (<c>users/me</c>).</summary>
    private static JsonObject ChatterUser(DemoUser user, string instance, string path) => new()
    {
        ["companyName"] = "SfCognitoSso local stack",
        ["displayName"] = user.Name,
        ["email"] = user.Email,
        ["firstName"] = user.Name.Split(' ')[0],
        ["id"] = user.UserId.Value,
        ["isActive"] = true,
        ["isInThisCommunity"] = true,
        ["lastName"] = user.Name.Split(' ')[^1],
        ["name"] = user.Name,
        ["type"] = "User",
        ["url"] = $"{path[..path.LastIndexOf("/me", StringComparison.Ordinal)]}/{user.UserId.Value}",
        ["userType"] = "Internal",
        ["username"] = user.Email ?? $"{user.UserId.Value}@local.invalid",
        ["additionalLabel"] = null,
        ["aboutMe"] = null,
        ["communityNickname"] = user.Name.Split(' ')[0],
        ["profileUrl"] = $"{instance}/{user.UserId.Value}",
    };

    /// <summary>The OpenID Connect userinfo body.</summary>
    private static JsonObject UserInfo(DemoUser user, string instance) => new()
    {
        ["sub"] = $"https://login.salesforce.com/id/{user.OrgId.Value}/{user.UserId.Value}",
        ["user_id"] = user.UserId.Value,
        ["organization_id"] = user.OrgId.Value,
        ["preferred_username"] = user.Email ?? $"{user.UserId.Value}@local.invalid",
        ["nickname"] = user.Name.Split(' ')[0],
        ["name"] = user.Name,
        ["email"] = user.Email,
        ["email_verified"] = user.Email is not null,
        ["given_name"] = user.Name.Split(' ')[0],
        ["family_name"] = user.Name.Split(' ')[^1],
        ["zoneinfo"] = "Europe/London",
        ["profile"] = $"{instance}/{user.UserId.Value}",
        ["active"] = true,
        ["user_type"] = "STANDARD",
        ["language"] = "en_US",
        ["locale"] = "en_US",
        ["utcOffset"] = 0,
        ["updated_at"] = "2026-01-01T00:00:00Z",
    };
}
