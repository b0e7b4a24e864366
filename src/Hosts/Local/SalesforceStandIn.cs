using System.Text.Json.Nodes;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// The two Salesforce resources the validator can ask "who is this session?", answering for the demo users with
/// the body shapes Salesforce sends (trimmed to fields it always sends) and 401 for any other session, as an expired
/// or revoked one gets. Nothing else of Salesforce is emulated.
/// </summary>
public sealed class SalesforceStandIn(IEnumerable<DemoUser> users)
{
    public const string UserInfoPath = "/services/oauth2/userinfo";

    private readonly Dictionary<string, DemoUser> bySession = users
        .GroupBy(user => user.SessionId, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);

    private int requests;

    /// <summary>Calls answered so far: lets tests and the curious see how often Salesforce is really asked.</summary>
    public int Requests => Volatile.Read(ref requests);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref requests);
        var path = context.Request.Path.Value ?? string.Empty;
        var chatter = path.StartsWith("/services/data/v", StringComparison.Ordinal) && path.EndsWith("/chatter/users/me", StringComparison.Ordinal);
        if (!HttpMethods.IsGet(context.Request.Method) || (!chatter && path != UserInfoPath))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var known = authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            && bySession.TryGetValue(authorization["Bearer ".Length..], out var user) ? user : null;
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
