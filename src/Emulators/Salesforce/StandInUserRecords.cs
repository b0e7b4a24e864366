using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>The REST API's user records as the stand-in serves them: <c>IsActive</c> changed (publishing the change),
/// a user's login record frozen, and the SOQL queries single sign-out makes. The events app's run-as user is a user of
/// the org like the others here: it can be deactivated or frozen.</summary>
public sealed class StandInUserRecords(StandInSessions sessions, StandInEventsApp eventsApp, StandInEventBus events, TimeProvider time, SalesforceEmulatorOptions options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Cursor> cursors = new(StringComparer.Ordinal);

    /// <summary>The REST API's record update, for <c>IsActive</c> only: any demo session of the org may change it (a
    /// real org requires Manage Users). Deactivating ends the user's sessions and publishes the change.</summary>
    public async Task UpdateAsync(HttpContext context, string recordId)
    {
        if (await BooleanUpdateAsync(context, "IsActive", caller => SalesforceId.TryParseUser(recordId, out var userId) ? UserOf(userId, caller.OrgId) : null).ConfigureAwait(false)
            is not (var caller, var target, var isActive))
        {
            return;
        }

        var changed = sessions.SetActive(target.UserId, isActive, time.GetUtcNow());
        if (!isActive && target.UserId == eventsApp.RunAsUser.UserId)
        {
            // Salesforce revokes the tokens of a user it deactivates or freezes: the events app's stop working at once.
            eventsApp.RevokeAll();
        }

        if (changed && context.Request.Query["sfsso_gap"] == "overflow")
        {
            // The stand-in's control: Salesforce's overflow gap event, which names no users at all.
            events.PublishGap([], "GAP_OVERFLOW", caller.UserId, time.GetUtcNow());
        }
        else if (changed && context.Request.Query["sfsso_gap"] == "1")
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
    /// stand-in answers, for the events app's token or a demo session, with Salesforce's query result shape; IDs of no
    /// demo user are left out, as records the caller cannot see are. Anything else is Salesforce's MALFORMED_QUERY.
    /// </summary>
    public async Task QueryAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        context.Response.ContentType = "application/json";
        if (token is null || (!eventsApp.Accepts(token) && sessions.Active(token) is null))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!options.EventsAppReadsUserLogin && eventsApp.Accepts(token)
            && context.Request.Query["q"].ToString().Contains(" FROM UserLogin ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""[{"message":"sObject type 'UserLogin' is not supported.","errorCode":"INVALID_TYPE"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (SweepQuery(context.Request.Query["q"].ToString(), BatchSize(context.Request.Headers["Sforce-Query-Options"].ToString())) is { } sweep)
        {
            await context.Response.WriteAsync(Page(sweep, 0).ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var login = System.Text.RegularExpressions.Regex.Match(
            context.Request.Query["q"].ToString(), @"^SELECT Id FROM UserLogin WHERE UserId = '(\w{15,18})'$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (login.Success)
        {
            var logins = new JsonArray();
            if (SalesforceId.TryParseUser(login.Groups[1].Value, out var loginUser) && UserOf(loginUser, orgId: null) is { } found)
            {
                logins.Add(new JsonObject
                {
                    ["attributes"] = new JsonObject { ["type"] = "UserLogin", ["url"] = SalesforceStandIn.UserLoginRecordPath + UserLoginId(found.UserId) },
                    ["Id"] = UserLoginId(found.UserId),
                });
            }

            await context.Response.WriteAsync(new JsonObject { ["totalSize"] = logins.Count, ["done"] = true, ["records"] = logins }.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var match = System.Text.RegularExpressions.Regex.Match(
            context.Request.Query["q"].ToString(), @"^SELECT Id, IsActive(, Email)? FROM User WHERE Id IN \(('\w{15,18}'(, ?'\w{15,18}')*)\)$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""[{"message":"The stand-in answers SELECT Id, IsActive[, Email] FROM User WHERE Id IN (...) SELECT Id FROM UserLogin WHERE UserId = '...', and the sweep's SELECT Id, SystemModstamp FROM User WHERE IsActive = false AND SystemModstamp > <time> ORDER BY SystemModstamp and SELECT UserId, LastModifiedDate FROM UserLogin WHERE IsFrozen = true AND LastModifiedDate > <time> ORDER BY LastModifiedDate only.","errorCode":"MALFORMED_QUERY"}]""", context.RequestAborted).ConfigureAwait(false);
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

    /// <summary>
    /// <c>PATCH /services/data/v62.0/sobjects/UserLogin/&lt;Id&gt;</c> with <c>{"IsFrozen": true|false}</c>: freezing, as an
    /// admin does first in an incident. The User record does not change, so no change event is published; the user
    /// cannot log in, and an app running as the user gets no token.
    /// </summary>
    public async Task FreezeAsync(HttpContext context, string loginId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await BooleanUpdateAsync(context, "IsFrozen", caller => sessions.Users.Append(eventsApp.RunAsUser).FirstOrDefault(user => user.OrgId == caller.OrgId && UserLoginId(user.UserId) == loginId)).ConfigureAwait(false)
            is not (_, var target, var isFrozen))
        {
            return;
        }

        sessions.SetFrozen(target.UserId, isFrozen, time.GetUtcNow());
        if (isFrozen && target.UserId == eventsApp.RunAsUser.UserId)
        {
            eventsApp.RevokeAll();
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// A record update of one boolean field, as the REST API takes it: any demo session of the org may make it (a real
    /// org requires Manage Users). Null when it was refused, with Salesforce's error already answered.
    /// </summary>
    private async Task<(DemoUser Caller, DemoUser Target, bool Value)?> BooleanUpdateAsync(HttpContext context, string field, Func<DemoUser, DemoUser?> targetFor)
    {
        var caller = sessions.Bearer(context.Request);
        context.Response.ContentType = "application/json";
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            return null;
        }

        JsonNode? body = null;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        if (targetFor(caller) is not { } target)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("""[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]""", context.RequestAborted).ConfigureAwait(false);
            return null;
        }

        if (body is not JsonObject { Count: 1 } update || update[field] is not JsonValue value || !value.TryGetValue<bool>(out var given))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(new JsonArray(new JsonObject { ["errorCode"] = "INVALID_FIELD", ["message"] = $"The stand-in updates {field} (a boolean) only." }).ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return null;
        }

        return (caller, target, given);
    }

    /// <summary><c>GET /services/data/v62.0/query/&lt;locator&gt;-&lt;offset&gt;</c>: the next page of a query, as a
    /// result's <c>nextRecordsUrl</c> names it.</summary>
    public async Task MoreAsync(HttpContext context, string locatorAndOffset)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(locatorAndOffset);
        context.Response.ContentType = "application/json";
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        if (token is null || (!eventsApp.Accepts(token) && sessions.Active(token) is null))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var dash = locatorAndOffset.LastIndexOf('-');
        if (dash <= 0 || !int.TryParse(locatorAndOffset[(dash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset)
            || !cursors.TryGetValue(locatorAndOffset[..dash], out var cursor))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""[{"message":"invalid query locator","errorCode":"INVALID_QUERY_LOCATOR"}]""", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(Page(cursor, offset).ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record Cursor(string Locator, JsonObject[] Records, int BatchSize);

    private const string SoqlTime = @"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?Z)";

    /// <summary>The sweep's two queries — users deactivated, and users frozen, since a time — answered over every user
    /// of the stand-in, oldest change first; null for any other query.</summary>
    private Cursor? SweepQuery(string soql, int batchSize)
    {
        var options = System.Text.RegularExpressions.RegexOptions.None;
        var inactive = System.Text.RegularExpressions.Regex.Match(soql, $"^SELECT Id, SystemModstamp FROM User WHERE IsActive = false AND SystemModstamp > {SoqlTime} ORDER BY SystemModstamp$", options, TimeSpan.FromSeconds(1));
        var frozenSince = System.Text.RegularExpressions.Regex.Match(soql, $"^SELECT UserId, LastModifiedDate FROM UserLogin WHERE IsFrozen = true AND LastModifiedDate > {SoqlTime} ORDER BY LastModifiedDate$", options, TimeSpan.FromSeconds(1));
        if (!inactive.Success && !frozenSince.Success)
        {
            return null;
        }

        var since = DateTimeOffset.Parse((inactive.Success ? inactive : frozenSince).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var everyone = sessions.Users.Append(eventsApp.RunAsUser).DistinctBy(user => user.UserId).ToList();
        var changed = inactive.Success
            ? everyone.Where(user => !sessions.IsActive(user.UserId)).Select(user => (User: user, Stamp: sessions.UserModifiedAt(user.UserId)))
            : everyone.Where(user => sessions.IsFrozen(user.UserId)).Select(user => (User: user, Stamp: sessions.LoginModifiedAt(user.UserId)));
        var records = changed.Where(pair => pair.Stamp > since).OrderBy(pair => pair.Stamp).Select(pair =>
        {
            var record = inactive.Success
                ? new JsonObject
                {
                    ["attributes"] = new JsonObject { ["type"] = "User", ["url"] = SalesforceStandIn.UserRecordPath + pair.User.UserId.Value },
                    ["Id"] = pair.User.UserId.Value,
                }
                : new JsonObject
                {
                    ["attributes"] = new JsonObject { ["type"] = "UserLogin", ["url"] = SalesforceStandIn.UserLoginRecordPath + UserLoginId(pair.User.UserId) },
                    ["UserId"] = pair.User.UserId.Value,
                };
            // Salesforce's datetime form in query results; UserLogin has no SystemModstamp, only LastModifiedDate.
            record[inactive.Success ? "SystemModstamp" : "LastModifiedDate"] = pair.Stamp!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", System.Globalization.CultureInfo.InvariantCulture);
            return record;
        }).ToArray();
        return new Cursor("01g" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)), records, batchSize);
    }

    /// <summary>Salesforce's batch size: <c>Sforce-Query-Options: batchSize=N</c>, 200 to 2,000 (2,000 by default; a
    /// value outside is taken as the nearest bound).</summary>
    private static int BatchSize(string queryOptions)
    {
        var match = System.Text.RegularExpressions.Regex.Match(queryOptions, @"batchSize=(\d+)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success && int.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 200, 2000) : 2000;
    }

    /// <summary>One page of a query's records from <paramref name="offset"/>, with <c>nextRecordsUrl</c> while more are left.</summary>
    private JsonObject Page(Cursor cursor, int offset)
    {
        var page = new JsonArray([.. cursor.Records.Skip(offset).Take(cursor.BatchSize).Select(record => record.DeepClone())]);
        var more = offset + cursor.BatchSize < cursor.Records.Length;
        var result = new JsonObject { ["totalSize"] = cursor.Records.Length, ["done"] = !more };
        if (more)
        {
            cursors[cursor.Locator] = cursor;
            result["nextRecordsUrl"] = $"{SalesforceStandIn.QueryPath}/{cursor.Locator}-{(offset + cursor.BatchSize).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        else
        {
            cursors.TryRemove(cursor.Locator, out _);
        }

        result["records"] = page;
        return result;
    }

    /// <summary>A user's UserLogin record ID (key prefix 0Yw), fixed per user.</summary>
    public static string UserLoginId(SalesforceId userId) => "0Yw" + userId.Value[3..15];

    private DemoUser? UserOf(SalesforceId userId, SalesforceId? orgId) =>
        sessions.Users.Append(eventsApp.RunAsUser).FirstOrDefault(user => user.UserId == userId && (orgId is null || user.OrgId == orgId));
}
