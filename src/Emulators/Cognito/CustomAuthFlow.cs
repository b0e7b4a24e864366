using System.Text.Json.Nodes;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>
/// Custom authentication as Cognito runs it: InitiateAuth and RespondToAuthChallenge (and their admin forms) driving
/// Define, Create and Verify round by round with single-use Sessions, tokens when Define says so (pre token
/// generation first), refresh, and the operations a signed-in user's tokens allow (GetUser, UpdateUserAttributes,
/// RevokeToken, GlobalSignOut).
/// </summary>
public sealed class CustomAuthFlow(
    PoolGate gate,
    PoolUsers users,
    AuthSessions sessions,
    Tokens tokens,
    TriggerInvoker triggers,
    Microsoft.Extensions.Options.IOptions<LocalCognitoOptions> options)
{
    private readonly HashSet<string>? writeAttributes = options.Value.WriteAttributes is { } writable ? new(writable, StringComparer.Ordinal) : null;


    private const string AuthFlows = "[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]";

    public async Task<JsonObject> InitiateAuthAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var clientId = gate.RequireClient(request);
        var flow = EmulatorJson.Text(request, "AuthFlow") ?? throw UserPoolException.Missing("authFlow");
        var parameters = request["AuthParameters"] as JsonObject;
        switch (flow)
        {
            case "CUSTOM_AUTH":
                var typed = EmulatorJson.Text(parameters, "USERNAME") ?? throw UserPoolException.InvalidParameter("Missing required parameter USERNAME");
                gate.RequireSecretHash(clientId, typed, parameters);
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
            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN" when options.Value.RefreshTokenRotation:
                // A rotating client cannot allow REFRESH_TOKEN_AUTH: refresh goes through GetTokensFromRefreshToken.
                throw UserPoolException.InvalidParameter("Auth flow not enabled for this client");
            case "REFRESH_TOKEN_AUTH" or "REFRESH_TOKEN":
                var refreshToken = EmulatorJson.Text(parameters, "REFRESH_TOKEN") ?? throw UserPoolException.InvalidParameter("Missing required parameter REFRESH_TOKEN");
                return new JsonObject
                {
                    ["ChallengeParameters"] = new JsonObject(),
                    ["AuthenticationResult"] = await RefreshAsync(refreshToken, clientId, request["ClientMetadata"] as JsonObject, cancellationToken, parameters).ConfigureAwait(false),
                };
            case "USER_SRP_AUTH" or "USER_PASSWORD_AUTH" or "ADMIN_NO_SRP_AUTH" or "ADMIN_USER_PASSWORD_AUTH" or "USER_AUTH":
                // The app client allows custom auth and refresh only, as our Terraform configures it.
                throw UserPoolException.InvalidParameter("Auth flow not enabled for this client");
            default:
                throw UserPoolException.InvalidParameter(
                    $"1 validation error detected: Value '{EmulatorJson.Truncate(flow)}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: {AuthFlows}");
        }
    }

    /// <summary>The server-side custom auth (the token exchange's): CUSTOM_AUTH only, as the client allows.</summary>
    public Task<JsonObject> AdminInitiateAuthAsync(JsonObject request, CancellationToken cancellationToken) =>
        EmulatorJson.Text(request, "AuthFlow") is "CUSTOM_AUTH"
            ? InitiateAuthAsync(request, cancellationToken)
            : throw UserPoolException.InvalidParameter("Auth flow not enabled for this client");

    public async Task<JsonObject> RespondToAuthChallengeAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var clientId = gate.RequireClient(request);
        var challengeName = EmulatorJson.Text(request, "ChallengeName") ?? throw UserPoolException.Missing("challengeName");
        var session = EmulatorJson.Text(request, "Session") ?? throw UserPoolException.InvalidSession();
        var responses = request["ChallengeResponses"] as JsonObject;
        var username = EmulatorJson.Text(responses, "USERNAME") ?? throw UserPoolException.InvalidParameter("Missing required parameter USERNAME");
        var answer = EmulatorJson.Text(responses, "ANSWER") ?? throw UserPoolException.InvalidParameter("Missing required parameter ANSWER");
        gate.RequireSecretHash(clientId, username, responses);
        if (challengeName != Challenge.CustomChallenge)
        {
            throw UserPoolException.InvalidParameter($"Invalid challenge name: {EmulatorJson.Truncate(challengeName)}");
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
        var answered = pending with { Rounds = [.. pending.Rounds, new ChallengeRound(Challenge.CustomChallenge, correct, pending.ChallengeMetadata)] };
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
            case { ChallengeName: Challenge.CustomChallenge }:
                var challenge = await triggers.CreateAsync(subject, Challenge.CustomChallenge, pending.Rounds, clientMetadata, cancellationToken).ConfigureAwait(false);
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
                return new JsonObject { ["ChallengeName"] = Challenge.CustomChallenge, ["ChallengeParameters"] = parameters, ["Session"] = session };
            default:
                // Other challenges (passwords, SRP, MFA) are not emulated.
                throw UserPoolException.InvalidLambdaResponse();
        }
    }

    public async Task<JsonObject> GetTokensFromRefreshTokenAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var clientId = gate.RequireClient(request);
        gate.RequireClientSecret(clientId, request);
        var refreshToken = EmulatorJson.Text(request, "RefreshToken") ?? throw UserPoolException.Missing("refreshToken");
        return new JsonObject
        {
            ["AuthenticationResult"] = await RefreshAsync(refreshToken, clientId, request["ClientMetadata"] as JsonObject, cancellationToken, rotate: options.Value.RefreshTokenRotation).ConfigureAwait(false),
        };
    }

    /// <param name="secretHashParameters">REFRESH_TOKEN_AUTH's parameters, whose <c>SECRET_HASH</c> a confidential
    /// client must send (over the user's username); null where the call carries the client secret itself.</param>
    /// <param name="rotate">GetTokensFromRefreshToken on a rotating client: a new refresh token too.</param>
    private async Task<JsonObject> RefreshAsync(
        string refreshToken, string clientId, JsonObject? clientMetadata, CancellationToken cancellationToken, JsonObject? secretHashParameters = null, bool rotate = false)
    {
        var grant = tokens.Grant(refreshToken, clientId);
        if (secretHashParameters is not null)
        {
            gate.RequireSecretHash(clientId, grant.Username, secretHashParameters);
        }

        var user = users.Find(grant.Username) ?? throw UserPoolException.NotAuthorized("Invalid Refresh Token");
        if (!user.Enabled)
        {
            throw UserPoolException.NotAuthorized("User is disabled.");
        }

        var claims = await ClaimsAsync(user, clientId, refresh: true, clientMetadata, cancellationToken).ConfigureAwait(false);
        return rotate ? tokens.Rotate(user, refreshToken, grant, claims) : tokens.Refresh(user, grant, claims);
    }

    /// <summary>Pre token generation's claims, when the pool has triggers (as at every issue and refresh on Cognito).</summary>
    private Task<ExtraClaims> ClaimsAsync(PoolUser user, string clientId, bool refresh, JsonObject? clientMetadata, CancellationToken cancellationToken) =>
        triggers.Configured
            ? triggers.PreTokenGenerationAsync(user, clientId, refresh, clientMetadata, cancellationToken)
            : Task.FromResult(ExtraClaims.None);

    public async Task<JsonObject> GetUserAsync(JsonObject request)
    {
        var holder = await tokens.ReadAccessTokenAsync(EmulatorJson.Text(request, "AccessToken") ?? throw UserPoolException.Missing("accessToken")).ConfigureAwait(false);
        var user = users.Find(holder.Username) ?? throw UserPoolException.UserNotFound();
        return new JsonObject { ["Username"] = user.Username, ["UserAttributes"] = EmulatorJson.AttributeList(user) };
    }

    /// <summary>A user changing their own attributes with their access token: only those the app client may write
    /// (its write attributes), as Cognito does — whatever else the user sends is refused and nothing is changed.</summary>
    public async Task<JsonObject> UpdateUserAttributesAsync(JsonObject request)
    {
        var holder = await tokens.ReadAccessTokenAsync(EmulatorJson.Text(request, "AccessToken") ?? throw UserPoolException.Missing("accessToken")).ConfigureAwait(false);
        var attributes = EmulatorJson.Attributes(request);
        if (writeAttributes is not null && attributes.Keys.Any(name => !writeAttributes.Contains(name)))
        {
            throw UserPoolException.NotAuthorized("A client attempted to write unauthorized attribute");
        }

        users.UpdateAttributes(holder.Username, attributes);
        return new JsonObject { ["CodeDeliveryDetailsList"] = new JsonArray() };
    }

    public JsonObject RevokeToken(JsonObject request)
    {
        var clientId = gate.RequireClient(request);
        gate.RequireClientSecret(clientId, request);
        tokens.Revoke(EmulatorJson.Text(request, "Token") ?? throw UserPoolException.Missing("token"), clientId);
        return [];
    }

    public async Task<JsonObject> GlobalSignOutAsync(JsonObject request)
    {
        var holder = await tokens.ReadAccessTokenAsync(EmulatorJson.Text(request, "AccessToken") ?? throw UserPoolException.Missing("accessToken")).ConfigureAwait(false);
        tokens.RevokeAll(holder.Username);
        return [];
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
}
