using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>The REST API's user records as the stand-in serves them: <c>IsActive</c> changed (publishing the change),
/// and the one SOQL query single sign-out makes.</summary>
public sealed class StandInUserRecords(StandInSessions sessions, StandInConnectedApp connectedApp, StandInEventBus events, TimeProvider time)
{
    /// <summary>The REST API's record update, for <c>IsActive</c> only: any demo session of the org may change it (a
    /// real org requires Manage Users). Deactivating ends the user's sessions and publishes the change.</summary>
    public async Task UpdateAsync(HttpContext context, string recordId)
    {
        var caller = sessions.Bearer(context.Request);
        context.Response.ContentType = "application/json";
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var target = SalesforceId.TryParseUser(recordId, out var userId)
            ? sessions.Users.FirstOrDefault(user => user.UserId == userId && user.OrgId == caller.OrgId)
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

        var changed = sessions.SetActive(target.UserId, isActive);
        if (changed && context.Request.Query["sfsso_gap"] == "1")
        {
            // The stand-in's control, not Salesforce's API: publish the change as a gap event, as Salesforce does when
            // it cannot build the change event (record IDs, no field values).
            events.PublishGap([target.UserId], "GAP_UPDATE", caller.UserId, time.GetUtcNow());
        }
        else if (changed)
        {
            events.PublishActiveChange(target, isActive, caller.UserId, time.GetUtcNow());
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// <c>GET /services/data/v62.0/query?q=SELECT Id, IsActive[, Email] FROM User WHERE Id IN ('…', …)</c>, the only SOQL the
    /// stand-in answers, for a connected app's token or a demo session, with Salesforce's query result shape; IDs of no
    /// demo user are left out, as records the caller cannot see are. Anything else is Salesforce's MALFORMED_QUERY.
    /// </summary>
    public async Task QueryAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        context.Response.ContentType = "application/json";
        if (token is null || (!connectedApp.Accepts(token) && sessions.Active(token) is null))
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
            if (SalesforceId.TryParseUser(id, out var userId) && sessions.Users.FirstOrDefault(user => user.UserId == userId) is { } user)
            {
                records.Add(new JsonObject
                {
                    ["attributes"] = new JsonObject { ["type"] = "User", ["url"] = SalesforceStandIn.UserRecordPath + user.UserId.Value },
                    ["Id"] = user.UserId.Value,
                    ["IsActive"] = sessions.IsActive(user.UserId),
                });
                if (match.Groups[1].Success)
                {
                    records[^1]!["Email"] = user.Email;
                }
            }
        }

        await context.Response.WriteAsync(new JsonObject { ["totalSize"] = records.Count, ["done"] = true, ["records"] = records }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
