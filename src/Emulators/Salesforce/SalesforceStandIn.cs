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
/// that user a new session, as logging in again does. The events app's client credentials flow
/// (<c>/services/oauth2/token</c>, <see cref="StandInEventsApp"/>) gives the Pub/Sub stand-in's access tokens, and its
/// tokens are answered at userinfo as the app's run-as user, as an org answers them.
/// </summary>
public sealed class SalesforceStandIn(
    SalesforceEmulatorOptions options,
    StandInSessions sessions,
    StandInUserRecords records,
    StandInCanvasLaunch canvas,
    StandInEventsApp eventsApp,
    StandInEventBus events,
    StandInAccessTokens accessTokens,
    TimeProvider time)
{
    public const string UserInfoPath = "/services/oauth2/userinfo";

    public const string CanvasLaunchPath = "/canvas/launch";

    public const string LogoutPath = "/secur/logout.jsp";

    public const string LoginPath = "/login.jsp";

    public const string TokenPath = "/services/oauth2/token";

    public const string UserRecordPath = "/services/data/v62.0/sobjects/User/";

    /// <summary>A user's login record, whose <c>IsFrozen</c> freezing sets.</summary>
    public const string UserLoginRecordPath = "/services/data/v62.0/sobjects/UserLogin/";

    /// <summary>SOQL over REST, for the one query single sign-out makes after a gap event.</summary>
    public const string QueryPath = "/services/data/v62.0/query";

    /// <summary>The stand-in's control: <c>{"topic": "/data/UserChangeEvent", "count": 1}</c> — the next N events of the
    /// topic are never published, as an event Salesforce did not send.</summary>
    public const string SuppressPath = "/sfsso/events/suppress";

    /// <summary>The stand-in's control: <c>{"down": true}</c> — the Pub/Sub API unreachable (streams end, new ones are
    /// refused UNAVAILABLE) — then <c>{"down": false, "lastedHours": 80}</c>: it answers again that much later on the
    /// event bus's clock, so a subscriber comes back as one stopped that long would.</summary>
    public const string OutagePath = "/sfsso/events/outage";

    /// <summary>The stand-in's counts of what it answered (not a Salesforce resource).</summary>
    public const string CountsPath = "/sfsso/counts";

    private int requests;

    /// <summary>Calls answered so far: lets tests and the curious see how often Salesforce is really asked.</summary>
    public int Requests => Volatile.Read(ref requests);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == CanvasLaunchPath && HttpMethods.IsGet(context.Request.Method) && options.CanvasAppUrl is { } canvasApp)
        {
            await canvas.LaunchAsync(context, canvasApp).ConfigureAwait(false);
            return;
        }

        if (await EndsOrStartsSessionAsync(context, path).ConfigureAwait(false) || await accessTokens.TryAnswerAsync(context, path).ConfigureAwait(false))
        {
            return;
        }

        if (path == CountsPath && HttpMethods.IsGet(context.Request.Method))
        {
            // The stand-in's own control, not Salesforce's API: how often it was asked, for tests in other processes.
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["userRequests"] = Requests, ["keyReads"] = accessTokens.KeyReads }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
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

        var known = sessions.Bearer(context.Request) ?? (!chatter && eventsApp.Accepts(BearerOf(context.Request)) ? eventsApp.RunAsUser : null);
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
        var body = chatter ? StandInUserBodies.ChatterUser(known, instance, path) : StandInUserBodies.UserInfo(known, instance);
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static string? BearerOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
    }

    /// <summary>A control's JSON body (null when it is not JSON); the answer will be JSON.</summary>
    private static async Task<JsonNode?> ControlBodyAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The stand-in's control: the next N events of a topic are not published.</summary>
    private async Task SuppressAsync(HttpContext context)
    {
        var body = await ControlBodyAsync(context).ConfigureAwait(false);
        if (body is not JsonObject request || request["topic"]?.GetValueKind() != System.Text.Json.JsonValueKind.String
            || !events.IsTopic(request["topic"]!.GetValue<string>())
            || request["count"] is not JsonValue countValue || !countValue.TryGetValue<int>(out var count) || count is < 1 or > 10_000)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""{"error":"send {\"topic\": \"/event/LogoutEventStream\" or \"/data/UserChangeEvent\", \"count\": 1 to 10000}"}""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        events.Suppress(request["topic"]!.GetValue<string>(), count);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task OutageAsync(HttpContext context)
    {
        var body = await ControlBodyAsync(context).ConfigureAwait(false);
        var lasted = 0.0;
        if (body is not JsonObject request || request["down"] is not JsonValue downValue || !downValue.TryGetValue<bool>(out var down)
            || (request["lastedHours"] is { } lastedValue && (down || lastedValue is not JsonValue hours || !hours.TryGetValue(out lasted) || lasted is < 0 or > 10_000)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""{"error":"send {\"down\": true}, then {\"down\": false} with \"lastedHours\" from 0 to 10000 (how long the outage lasted on the event bus's clock)"}""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (down)
        {
            events.BeginOutage();
        }
        else
        {
            events.EndOutage(TimeSpan.FromHours(lasted));
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Logout, deactivation, a new login, and the events app's tokens; false for any other request.</summary>
    private async Task<bool> EndsOrStartsSessionAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var response = context.Response;
        if (path == LogoutPath && (HttpMethods.IsPost(request.Method) || HttpMethods.IsGet(request.Method)))
        {
            // Salesforce ends the session in the sid cookie, and publishes the logout when streaming is on.
            if (request.Cookies["sid"] is { } session && sessions.End(session) is { } user)
            {
                events.PublishLogout(user, time.GetUtcNow());
            }

            response.Cookies.Delete("sid");
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync("<!doctype html><title>Logged out</title><p>You are logged out of Salesforce (stand-in).</p>", context.RequestAborted).ConfigureAwait(false);
            return true;
        }

        if (path == LoginPath && HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var name = (await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))["un"].ToString();
            if (sessions.LogIn(name) is not (var session, { } user))
            {
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return true;
            }

            // An app with JWT-based access tokens (the sign-in app, as infra/salesforce deploys it) hands the user a JWT;
            // it works on the REST API like the session.
            var accessToken = accessTokens.SignInApp.JwtAccessTokens ? accessTokens.Issue(user) : null;
            if (accessToken is not null)
            {
                sessions.Accept(accessToken, user);
            }

            response.Cookies.Append("sid", session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
            response.ContentType = "application/json";
            await response.WriteAsync(new JsonObject { ["sessionId"] = session, ["accessToken"] = accessToken, ["userId"] = user.UserId.Value }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return true;
        }

        if (path == QueryPath && HttpMethods.IsGet(request.Method))
        {
            await records.QueryAsync(context).ConfigureAwait(false);
            return true;
        }

        if (path.StartsWith(QueryPath + "/", StringComparison.Ordinal) && HttpMethods.IsGet(request.Method))
        {
            await records.MoreAsync(context, path[(QueryPath.Length + 1)..]).ConfigureAwait(false);
            return true;
        }

        if (path == SuppressPath && HttpMethods.IsPost(request.Method))
        {
            await SuppressAsync(context).ConfigureAwait(false);
            return true;
        }

        if (path == OutagePath && HttpMethods.IsPost(request.Method))
        {
            await OutageAsync(context).ConfigureAwait(false);
            return true;
        }

        if (path.StartsWith(UserRecordPath, StringComparison.Ordinal) && HttpMethods.IsPatch(request.Method))
        {
            await records.UpdateAsync(context, path[UserRecordPath.Length..]).ConfigureAwait(false);
            return true;
        }

        if (path == TokenPath && HttpMethods.IsPost(request.Method))
        {
            await eventsApp.TokenAsync(context, request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null).ConfigureAwait(false);
            return true;
        }

        if (path.StartsWith(UserLoginRecordPath, StringComparison.Ordinal) && HttpMethods.IsPatch(request.Method))
        {
            await records.FreezeAsync(context, path[UserLoginRecordPath.Length..]).ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
