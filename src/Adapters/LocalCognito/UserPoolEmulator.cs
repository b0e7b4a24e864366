using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.LocalCognito;

/// <summary>An answer to one API call: 200 with a body, or 400 with Cognito's error.</summary>
public sealed record EmulatorResponse(int Status, string Body, string? ErrorType = null, string? ErrorMessage = null)
{
    public static EmulatorResponse Error(UserPoolException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error.Type == "InternalErrorException" ? 500 : 400;
        return new(status, new JsonObject { ["__type"] = error.Type, ["message"] = error.Message }.ToJsonString(), error.Type, error.Message);
    }
}

/// <summary>
/// The operations of Cognito's user pool API that custom authentication and our validator use, over AWS JSON 1.1.
/// Public ones are unsigned, as in Cognito; admin ones require a SigV4 Authorization header (its signature is not
/// checked: any local caller may administer the local pool). Client mistakes are 400s, never 5xx, because the SDKs
/// retry 5xx and a retry would replay a single-use Session.
/// </summary>
public sealed partial class UserPoolEmulator(
    IOptions<LocalCognitoOptions> options,
    PoolUsers users,
    AuthSessions sessions,
    Tokens tokens,
    TriggerInvoker triggers,
    ILogger<UserPoolEmulator> logger)
{
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";

    public const string CustomChallenge = "CUSTOM_CHALLENGE";

    private const string AuthFlows = "[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]";

    private readonly LocalCognitoOptions pool = options.Value;

    /// <summary>The operations that need the pool's admin credentials (a SigV4-signed call), by <c>X-Amz-Target</c>.</summary>
    public static bool IsAdminOperation(string? target) =>
        target is not null && target.StartsWith(TargetPrefix, StringComparison.Ordinal)
        && (target.AsSpan(TargetPrefix.Length).StartsWith("Admin", StringComparison.Ordinal) || target.AsSpan(TargetPrefix.Length).SequenceEqual("ListUsers"));

    public async Task<EmulatorResponse> HandleAsync(string? target, bool sigV4Signed, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var operation = target is not null && target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : null;
        try
        {
            var request = Parse(body);
            JsonObject result = operation switch
            {
                "InitiateAuth" => await InitiateAuthAsync(request, cancellationToken).ConfigureAwait(false),
                "RespondToAuthChallenge" => await RespondToAuthChallengeAsync(request, cancellationToken).ConfigureAwait(false),
                "GetTokensFromRefreshToken" => await GetTokensFromRefreshTokenAsync(request, cancellationToken).ConfigureAwait(false),
                "GetUser" => await GetUserAsync(request).ConfigureAwait(false),
                "RevokeToken" => RevokeToken(request),
                "GlobalSignOut" => await GlobalSignOutAsync(request).ConfigureAwait(false),
                "AdminInitiateAuth" => await AdminAsync(sigV4Signed, request, AdminInitiateAuthAsync, cancellationToken).ConfigureAwait(false),
                "AdminRespondToAuthChallenge" => await AdminAsync(sigV4Signed, request, RespondToAuthChallengeAsync, cancellationToken).ConfigureAwait(false),
                "AdminGetUser" => Admin(sigV4Signed, request, AdminGetUser),
                "AdminCreateUser" => Admin(sigV4Signed, request, AdminCreateUser),
                "AdminUpdateUserAttributes" => Admin(sigV4Signed, request, AdminUpdateUserAttributes),
                "AdminDisableUser" => Admin(sigV4Signed, request, request => SetEnabled(request, enabled: false)),
                "AdminEnableUser" => Admin(sigV4Signed, request, request => SetEnabled(request, enabled: true)),
                "ListUsers" => Admin(sigV4Signed, request, ListUsers),
                _ => throw new UserPoolException("UnknownOperationException", "Operation is not supported by the local user pool."),
            };
            LogAnswered(logger, operation ?? "unknown", "ok");
            return new EmulatorResponse(200, result.ToJsonString());
        }
        catch (UserPoolException error)
        {
            LogAnswered(logger, operation ?? "unknown", error.Type);
            return EmulatorResponse.Error(error);
        }
    }

    private async Task<JsonObject> InitiateAuthAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var clientId = RequireClient(request);
        var flow = Text(request, "AuthFlow") ?? throw UserPoolException.Missing("authFlow");
        var parameters = request["AuthParameters"] as JsonObject;
        switch (flow)
        {
            case "CUSTOM_AUTH":
                var typed = Text(parameters, "USERNAME") ?? throw UserPoolException.InvalidParameter("Missing required parameter USERNAME");
                if (!triggers.Configured)
                {
                    throw UserPoolException.InvalidParameter("Custom auth lambda trigger is not configured for the user pool.");
                }

                var user = users.Find(typed);
                if (user is { Enabled: false })
                {
                    throw UserPoolException.NotAuthorized("User is disabled.");
                }

                // With user-existence errors prevented, an unknown user goes through the triggers (userNotFound) and
                // ends like a wrong answer, so callers cannot tell which usernames exist.
                var pending = AuthSessions.Begin(clientId, user?.Username ?? typed, typed, userNotFound: user is null);
                return await NextStepAsync(pending, clientMetadata: null, cancellationToken).ConfigureAwait(false);
            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN":
                var refreshToken = Text(parameters, "REFRESH_TOKEN") ?? throw UserPoolException.InvalidParameter("Missing required parameter REFRESH_TOKEN");
                return new JsonObject
                {
                    ["ChallengeParameters"] = new JsonObject(),
                    ["AuthenticationResult"] = await RefreshAsync(refreshToken, clientId, request["ClientMetadata"] as JsonObject, cancellationToken).ConfigureAwait(false),
                };
            case "USER_SRP_AUTH" or "USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" or "ADMIN_USER_PASSWORD_AUTH" or "USER_AUTH":
                // The app client allows custom auth and refresh only, as our Terraform configures it.
                throw UserPoolException.InvalidParameter("Auth flow not enabled for this client");
            default:
                throw UserPoolException.InvalidParameter(
                    $"1 validation error detected: Value '{Truncate(flow)}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: {AuthFlows}");
        }
    }

    private async Task<JsonObject> RespondToAuthChallengeAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var clientId = RequireClient(request);
        var challengeName = Text(request, "ChallengeName") ?? throw UserPoolException.Missing("challengeName");
        var session = Text(request, "Session") ?? throw UserPoolException.InvalidSession();
        var responses = request["ChallengeResponses"] as JsonObject;
        var username = Text(responses, "USERNAME") ?? throw UserPoolException.InvalidParameter("Missing required parameter USERNAME");
        var answer = Text(responses, "ANSWER") ?? throw UserPoolException.InvalidParameter("Missing required parameter ANSWER");
        if (challengeName != CustomChallenge)
        {
            throw UserPoolException.InvalidParameter($"Invalid challenge name: {Truncate(challengeName)}");
        }

        var pending = sessions.Take(session);
        // Amplify answers with ChallengeParameters.USERNAME (the internal name), identity-js with what was typed;
        // anything else is not this session's user (the error Cognito gives for it is unverified).
        if (pending.ClientId != clientId || (username != pending.Username && username != pending.TypedUsername))
        {
            throw UserPoolException.InvalidSession();
        }

        var metadata = request["ClientMetadata"] as JsonObject;
        var subject = Subject(pending);
        var correct = await triggers.VerifyAsync(subject, pending.PrivateChallengeParameters, answer, metadata, cancellationToken).ConfigureAwait(false);
        var answered = pending with { Rounds = [.. pending.Rounds, new ChallengeRound(CustomChallenge, correct, pending.ChallengeMetadata)] };
        return await NextStepAsync(answered, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks Define what comes next and acts on it: fail, issue tokens, or a new challenge from Create.</summary>
    private async Task<JsonObject> NextStepAsync(PendingChallenge pending, JsonObject? clientMetadata, CancellationToken cancellationToken)
    {
        var subject = Subject(pending);
        var decision = await triggers.DefineAsync(subject, pending.Rounds, clientMetadata, cancellationToken).ConfigureAwait(false);
        switch (decision)
        {
            case { IssueTokens: true, FailAuthentication: true }:
                // Contradictory; what Cognito does is unverified, and refusing to guess is the safe reading.
                throw UserPoolException.InvalidLambdaResponse();
            case { FailAuthentication: true }:
                throw UserPoolException.IncorrectCredentials();
            case { IssueTokens: true }:
                // A user who does not exist never gets tokens, whatever the triggers say.
                var user = subject.User is { Enabled: true } found ? found : throw UserPoolException.IncorrectCredentials();
                var claims = await ClaimsAsync(user, pending.ClientId, refresh: false, clientMetadata, cancellationToken).ConfigureAwait(false);
                return new JsonObject { ["ChallengeParameters"] = new JsonObject(), ["AuthenticationResult"] = tokens.SignIn(user, pending.ClientId, claims) };
            case { ChallengeName: CustomChallenge }:
                var challenge = await triggers.CreateAsync(subject, CustomChallenge, pending.Rounds, clientMetadata, cancellationToken).ConfigureAwait(false);
                var session = sessions.Issue(pending with
                {
                    PrivateChallengeParameters = challenge.PrivateParameters,
                    ChallengeMetadata = challenge.ChallengeMetadata,
                });
                var parameters = new JsonObject();
                foreach (var (name, value) in challenge.PublicParameters)
                {
                    parameters[name] = value;
                }

                parameters["USERNAME"] = pending.Username;
                return new JsonObject { ["ChallengeName"] = CustomChallenge, ["ChallengeParameters"] = parameters, ["Session"] = session };
            default:
                // Other challenges (passwords, SRP, MFA) are not emulated.
                throw UserPoolException.InvalidLambdaResponse();
        }
    }

    private async Task<JsonObject> GetTokensFromRefreshTokenAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var clientId = RequireClient(request);
        var refreshToken = Text(request, "RefreshToken") ?? throw UserPoolException.Missing("refreshToken");
        return new JsonObject
        {
            ["AuthenticationResult"] = await RefreshAsync(refreshToken, clientId, request["ClientMetadata"] as JsonObject, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<JsonObject> RefreshAsync(string refreshToken, string clientId, JsonObject? clientMetadata, CancellationToken cancellationToken)
    {
        var grant = tokens.Grant(refreshToken, clientId);
        var user = users.Find(grant.Username) ?? throw UserPoolException.NotAuthorized("Invalid Refresh Token");
        if (!user.Enabled)
        {
            throw UserPoolException.NotAuthorized("User is disabled.");
        }

        var claims = await ClaimsAsync(user, clientId, refresh: true, clientMetadata, cancellationToken).ConfigureAwait(false);
        return tokens.Refresh(user, grant, claims);
    }

    /// <summary>Pre token generation's claims, when the pool has triggers (as at every issue and refresh on Cognito).</summary>
    private Task<ExtraClaims> ClaimsAsync(PoolUser user, string clientId, bool refresh, JsonObject? clientMetadata, CancellationToken cancellationToken) =>
        triggers.Configured
            ? triggers.PreTokenGenerationAsync(user, clientId, refresh, clientMetadata, cancellationToken)
            : Task.FromResult(ExtraClaims.None);

    private async Task<JsonObject> GetUserAsync(JsonObject request)
    {
        var holder = await tokens.ReadAccessTokenAsync(Text(request, "AccessToken") ?? throw UserPoolException.Missing("accessToken")).ConfigureAwait(false);
        var user = users.Find(holder.Username) ?? throw UserPoolException.UserNotFound();
        return new JsonObject { ["Username"] = user.Username, ["UserAttributes"] = AttributeList(user) };
    }

    private JsonObject RevokeToken(JsonObject request)
    {
        var clientId = RequireClient(request);
        tokens.Revoke(Text(request, "Token") ?? throw UserPoolException.Missing("token"), clientId);
        return [];
    }

    private async Task<JsonObject> GlobalSignOutAsync(JsonObject request)
    {
        var holder = await tokens.ReadAccessTokenAsync(Text(request, "AccessToken") ?? throw UserPoolException.Missing("accessToken")).ConfigureAwait(false);
        tokens.RevokeAll(holder.Username);
        return [];
    }

    private JsonObject AdminGetUser(JsonObject request)
    {
        var user = users.Find(RequireUsername(request)) ?? throw UserPoolException.UserNotFound();
        var answer = UserJson(user, "UserAttributes");
        return answer;
    }

    private JsonObject AdminCreateUser(JsonObject request)
    {
        var user = users.Create(RequireUsername(request), Attributes(request));
        return new JsonObject { ["User"] = UserJson(user, "Attributes") };
    }

    private JsonObject AdminUpdateUserAttributes(JsonObject request)
    {
        users.UpdateAttributes(RequireUsername(request), Attributes(request));
        return [];
    }

    private JsonObject SetEnabled(JsonObject request, bool enabled)
    {
        users.SetEnabled(RequireUsername(request), enabled);
        return [];
    }

    private JsonObject ListUsers(JsonObject request)
    {
        var limit = request["Limit"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : (int?)null;
        var (page, next) = users.List(Text(request, "Filter"), limit, Text(request, "PaginationToken"));
        var answer = new JsonObject { ["Users"] = new JsonArray([.. page.Select(user => (JsonNode)UserJson(user, "Attributes"))]) };
        if (next is not null)
        {
            answer["PaginationToken"] = next;
        }

        return answer;
    }

    /// <summary>The server-side custom auth (the token exchange's): CUSTOM_AUTH only, as the client allows.</summary>
    private Task<JsonObject> AdminInitiateAuthAsync(JsonObject request, CancellationToken cancellationToken) =>
        Text(request, "AuthFlow") is "CUSTOM_AUTH"
            ? InitiateAuthAsync(request, cancellationToken)
            : throw UserPoolException.InvalidParameter("Auth flow not enabled for this client");

    private async Task<JsonObject> AdminAsync(
        bool sigV4Signed, JsonObject request, Func<JsonObject, CancellationToken, Task<JsonObject>> operation, CancellationToken cancellationToken)
    {
        RequireAdmin(sigV4Signed, request);
        return await operation(request, cancellationToken).ConfigureAwait(false);
    }

    private JsonObject Admin(bool sigV4Signed, JsonObject request, Func<JsonObject, JsonObject> operation)
    {
        RequireAdmin(sigV4Signed, request);
        return operation(request);
    }

    /// <summary>Admin calls carry a valid SigV4 signature by the pool's admin credentials (<see cref="AdminSignature"/>)
    /// and name this pool.</summary>
    private void RequireAdmin(bool sigV4Signed, JsonObject request)
    {
        if (!sigV4Signed)
        {
            throw new UserPoolException("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var poolId = Text(request, "UserPoolId") ?? throw UserPoolException.Missing("userPoolId");
        if (poolId != pool.UserPoolId)
        {
            throw new UserPoolException("ResourceNotFoundException", $"User pool {Truncate(poolId)} does not exist.");
        }
    }

    private string RequireClient(JsonObject request)
    {
        var clientId = Text(request, "ClientId") ?? throw UserPoolException.Missing("clientId");
        return clientId == pool.ClientId
            ? clientId
            : throw new UserPoolException("ResourceNotFoundException", $"User pool client {Truncate(clientId)} does not exist.");
    }

    private TriggerSubject Subject(PendingChallenge pending)
    {
        var user = pending.UserNotFound ? null : users.Find(pending.Username);
        if (!pending.UserNotFound && user is not { Enabled: true })
        {
            // Deleted or disabled since the challenge began.
            throw user is null ? UserPoolException.IncorrectCredentials() : UserPoolException.NotAuthorized("User is disabled.");
        }

        return new TriggerSubject(pending.ClientId, pending.Username, user, pending.UserNotFound);
    }

    private static string RequireUsername(JsonObject request) => Text(request, "Username") ?? throw UserPoolException.Missing("username");

    private static JsonObject UserJson(PoolUser user, string attributesName) => new()
    {
        ["Username"] = user.Username,
        [attributesName] = AttributeList(user),
        ["UserCreateDate"] = user.Created.ToUnixTimeMilliseconds() / 1000.0,
        ["UserLastModifiedDate"] = user.Modified.ToUnixTimeMilliseconds() / 1000.0,
        ["Enabled"] = user.Enabled,
        ["UserStatus"] = user.Status,
    };

    private static JsonArray AttributeList(PoolUser user) =>
        [.. user.Attributes.Select(attribute => (JsonNode)new JsonObject { ["Name"] = attribute.Key, ["Value"] = attribute.Value })];

    private static Dictionary<string, string> Attributes(JsonObject request)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request["UserAttributes"] is not JsonArray list)
        {
            return attributes;
        }

        foreach (var entry in list)
        {
            var name = Text(entry as JsonObject, "Name") ?? throw UserPoolException.Missing("userAttributes.member.name");
            attributes[name] = Text(entry as JsonObject, "Value") ?? string.Empty;
        }

        return attributes;
    }

    private static JsonObject Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonNode.Parse(body.Span) as JsonObject
                ?? throw new UserPoolException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new UserPoolException("SerializationException", "The request body is not valid JSON.");
        }
    }

    /// <summary>A string member; null or absent read as absent (identity-js sends <c>"DEVICE_KEY":null</c>).</summary>
    private static string? Text(JsonObject? json, string name) => json?[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new UserPoolException("SerializationException", $"{name} must be a string."),
    };

    private static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");

    [LoggerMessage(Level = LogLevel.Information, Message = "Cognito {Operation} answered {Outcome}")]
    private static partial void LogAnswered(ILogger logger, string operation, string outcome);
}
