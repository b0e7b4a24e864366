using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>The two answers to "who is this session?", shaped as Salesforce sends them (trimmed to fields it always sends).</summary>
internal static class StandInUserBodies
{
    /// <summary>Chatter's User Detail (<c>users/me</c>).</summary>
    public static JsonObject ChatterUser(DemoUser user, string instance, string path) => new()
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
    public static JsonObject UserInfo(DemoUser user, string instance) => new()
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
