using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>The admin operations on the pool's users that the product's Cognito adapter makes (callers are checked
/// by the wire layer first).</summary>
public sealed class AdminOperations(PoolUsers users, Tokens tokens)
{
    /// <summary>AdminUserGlobalSignOut: every refresh token of the user revoked, and with them the access tokens issued
    /// from them (GetUser then refuses those).</summary>
    public JsonObject UserGlobalSignOut(JsonObject request)
    {
        var user = users.Find(EmulatorJson.RequireUsername(request)) ?? throw UserPoolException.UserNotFound();
        tokens.RevokeAll(user.Username);
        return [];
    }

    public JsonObject GetUser(JsonObject request)
    {
        var user = users.Find(EmulatorJson.RequireUsername(request)) ?? throw UserPoolException.UserNotFound();
        return EmulatorJson.UserJson(user, "UserAttributes");
    }

    public JsonObject CreateUser(JsonObject request)
    {
        var user = users.Create(EmulatorJson.RequireUsername(request), EmulatorJson.Attributes(request));
        return new JsonObject { ["User"] = EmulatorJson.UserJson(user, "Attributes") };
    }

    public JsonObject UpdateUserAttributes(JsonObject request)
    {
        users.UpdateAttributes(EmulatorJson.RequireUsername(request), EmulatorJson.Attributes(request));
        return [];
    }

    public JsonObject SetEnabled(JsonObject request, bool enabled)
    {
        users.SetEnabled(EmulatorJson.RequireUsername(request), enabled);
        return [];
    }

    public JsonObject ListUsers(JsonObject request)
    {
        var limit = request["Limit"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : (int?)null;
        var (page, next) = users.List(EmulatorJson.Text(request, "Filter"), limit, EmulatorJson.Text(request, "PaginationToken"));
        var answer = new JsonObject { ["Users"] = new JsonArray([.. page.Select(user => (JsonNode)EmulatorJson.UserJson(user, "Attributes"))]) };
        if (next is not null)
        {
            answer["PaginationToken"] = next;
        }

        return answer;
    }
}
