using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>Define's decision.</summary>
public sealed record DefineDecision(string? ChallengeName, bool IssueTokens, bool FailAuthentication);

/// <summary>Create's challenge; only <see cref="PublicParameters"/> reaches the client.</summary>
public sealed record CreatedChallenge(
    IReadOnlyDictionary<string, string> PublicParameters,
    IReadOnlyDictionary<string, string> PrivateParameters,
    string? ChallengeMetadata);

/// <summary>Claims pre token generation adds: to the ID token, and (version 2) to the access token.</summary>
public sealed record ExtraClaims(IReadOnlyDictionary<string, string> IdToken, IReadOnlyDictionary<string, string> AccessToken)
{
    public static readonly ExtraClaims None = new(new Dictionary<string, string>(), new Dictionary<string, string>());
}

/// <summary>Who a trigger event is about.</summary>
public sealed record TriggerSubject(string ClientId, string Username, PoolUser? User, bool UserNotFound);

/// <summary>
/// Builds each custom-auth trigger event as Cognito sends it, runs the trigger within Lambda's 5-second budget and
/// reads its answer, mapping failures to Cognito's errors: a thrown error → UserLambdaValidationException, a timeout →
/// UnexpectedLambdaException, output that is not the event with a usable response → InvalidLambdaResponseException.
/// </summary>
public sealed class TriggerInvoker(IOptions<LocalCognitoOptions> options, TimeProvider time, IUserPoolTriggers? triggers = null)
{
    /// <summary>The timeout Cognito gives a trigger (the function's own may be longer; Cognito stops waiting).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    private readonly LocalCognitoOptions pool = options.Value;

    public bool Configured => triggers is not null;

    public async Task<DefineDecision> DefineAsync(
        TriggerSubject subject, IReadOnlyList<ChallengeRound> rounds, JsonObject? clientMetadata, CancellationToken cancellationToken)
    {
        var request = Request(subject, clientMetadata);
        request["session"] = Session(rounds);
        var response = await InvokeAsync(UserPoolTrigger.DefineAuthChallenge, CognitoTriggerSources.DefineAuthChallenge, subject, request, cancellationToken).ConfigureAwait(false);
        return new DefineDecision(
            OptionalString(response, "challengeName"),
            OptionalBool(response, "issueTokens"),
            OptionalBool(response, "failAuthentication"));
    }

    public async Task<CreatedChallenge> CreateAsync(
        TriggerSubject subject, string challengeName, IReadOnlyList<ChallengeRound> rounds, JsonObject? clientMetadata, CancellationToken cancellationToken)
    {
        var request = Request(subject, clientMetadata);
        request["challengeName"] = challengeName;
        request["session"] = Session(rounds);
        var response = await InvokeAsync(UserPoolTrigger.CreateAuthChallenge, CognitoTriggerSources.CreateAuthChallenge, subject, request, cancellationToken).ConfigureAwait(false);
        return new CreatedChallenge(
            StringMap(response, "publicChallengeParameters"),
            StringMap(response, "privateChallengeParameters"),
            OptionalString(response, "challengeMetadata"));
    }

    public async Task<bool> VerifyAsync(
        TriggerSubject subject,
        IReadOnlyDictionary<string, string> privateParameters,
        string answer,
        JsonObject? clientMetadata,
        CancellationToken cancellationToken)
    {
        var request = Request(subject, clientMetadata);
        request["privateChallengeParameters"] = ToJson(privateParameters);
        request["challengeAnswer"] = answer;
        var response = await InvokeAsync(UserPoolTrigger.VerifyAuthChallengeResponse, CognitoTriggerSources.VerifyAuthChallengeResponse, subject, request, cancellationToken).ConfigureAwait(false);
        return OptionalBool(response, "answerCorrect");
    }

    /// <summary>
    /// Pre token generation, at sign-in (<c>TokenGeneration_Authentication</c>) and refresh
    /// (<c>TokenGeneration_RefreshTokens</c>), as the pool's <see cref="LocalCognitoOptions.PreTokenGenerationVersion"/>.
    /// Claims Cognito does not let a trigger change are dropped, as is anything that is not a string.
    /// </summary>
    public async Task<ExtraClaims> PreTokenGenerationAsync(PoolUser user, string clientId, bool refresh, JsonObject? clientMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = new TriggerSubject(clientId, user.Username, user, UserNotFound: false);
        var request = new JsonObject
        {
            ["userAttributes"] = UserAttributes(user),
            ["groupConfiguration"] = new JsonObject { ["groupsToOverride"] = new JsonArray(), ["iamRolesToOverride"] = new JsonArray(), ["preferredRole"] = null },
        };
        if (pool.PreTokenGenerationVersion >= 2)
        {
            request["scopes"] = new JsonArray(Tokens.AccessScope);
        }

        if (clientMetadata is not null)
        {
            request["clientMetadata"] = clientMetadata.DeepClone();
        }

        var response = await InvokeAsync(
            UserPoolTrigger.PreTokenGeneration,
            refresh ? CognitoTriggerSources.TokenGenerationRefreshTokens : CognitoTriggerSources.TokenGenerationAuthentication,
            subject,
            request,
            cancellationToken,
            version: pool.PreTokenGenerationVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        return pool.PreTokenGenerationVersion >= 2
            ? new ExtraClaims(
                Claims(response["claimsAndScopeOverrideDetails"]?["idTokenGeneration"]?["claimsToAddOrOverride"]),
                Claims(response["claimsAndScopeOverrideDetails"]?["accessTokenGeneration"]?["claimsToAddOrOverride"]))
            : new ExtraClaims(Claims(response["claimsOverrideDetails"]?["claimsToAddOrOverride"]), new Dictionary<string, string>());
    }

    /// <summary>Cognito refuses to let a trigger change these.</summary>
    private static readonly HashSet<string> ProtectedClaims = new(StringComparer.Ordinal)
    {
        "acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp", "iat", "identities", "iss", "jti",
        "nbf", "nonce", "origin_jti", "sub", "token_use", "client_id", "username", "scope", "event_id",
    };

    private static Dictionary<string, string> Claims(JsonNode? node)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject entries)
        {
            foreach (var (name, value) in entries)
            {
                if (!ProtectedClaims.Contains(name) && value is JsonValue text && text.TryGetValue<string>(out var claim))
                {
                    claims[name] = claim;
                }
            }
        }

        return claims;
    }

    private static JsonObject Request(TriggerSubject subject, JsonObject? clientMetadata)
    {
        var request = new JsonObject { ["userAttributes"] = UserAttributes(subject.User) };
        // Only the RespondToAuthChallenge metadata reaches these triggers; InitiateAuth's never does.
        if (clientMetadata is not null)
        {
            request["clientMetadata"] = clientMetadata.DeepClone();
        }

        // Present only because the pool prevents user-existence errors (always, here).
        request["userNotFound"] = subject.UserNotFound;
        return request;
    }

    private async Task<JsonObject> InvokeAsync(
        UserPoolTrigger trigger, string triggerSource, TriggerSubject subject, JsonObject request, CancellationToken cancellationToken, string version = "1")
    {
        if (triggers is null)
        {
            throw UserPoolException.InvalidParameter("Custom auth lambda trigger is not configured for the user pool.");
        }

        var triggerEvent = new JsonObject
        {
            ["version"] = version,
            ["region"] = pool.Region,
            ["userPoolId"] = pool.UserPoolId,
            ["userName"] = subject.Username,
            ["callerContext"] = new JsonObject { ["awsSdkVersion"] = "aws-sdk-unknown-unknown", ["clientId"] = subject.ClientId },
            ["triggerSource"] = triggerSource,
            ["request"] = request,
            ["response"] = new JsonObject(),
        };

        var output = Array.Empty<byte>();
        var eventBytes = JsonSerializer.SerializeToUtf8Bytes(triggerEvent);
        try
        {
            // Each invocation under its own budget; a repeat gets the very same event, as a retry by Cognito does.
            for (var invocation = 0; invocation <= pool.TriggerRepeats; invocation++)
            {
                using var budget = new CancellationTokenSource(Budget, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
                output = await DelayedInvokeAsync(trigger, eventBytes, linked.Token)
                    .WaitAsync(Budget, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Unverified wording: the form Cognito uses for invocation failures, with Lambda's timeout reason.
            throw new UserPoolException(
                "UnexpectedLambdaException", $"{trigger} invocation failed due to error Socket timeout while invoking Lambda function.");
        }
#pragma warning disable CA1031 // Any error thrown by a function is reported to the client as Cognito reports it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            throw new UserPoolException("UserLambdaValidationException", $"{trigger} failed with error {exception.Message}.");
        }

        return ResponseOf(output);
    }

    private async Task<byte[]> DelayedInvokeAsync(UserPoolTrigger trigger, byte[] eventBytes, CancellationToken cancellationToken)
    {
        if (pool.TriggerDelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(pool.TriggerDelayMs), time, cancellationToken).ConfigureAwait(false);
        }

        return await triggers!.InvokeAsync(trigger, eventBytes, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject ResponseOf(byte[] output)
    {
        try
        {
            return JsonNode.Parse(output) is JsonObject { } returned && returned["response"] is JsonObject response
                ? response
                : throw UserPoolException.InvalidLambdaResponse();
        }
        catch (JsonException)
        {
            throw UserPoolException.InvalidLambdaResponse();
        }
    }

    private static JsonObject UserAttributes(PoolUser? user)
    {
        var attributes = new JsonObject();
        if (user is null)
        {
            return attributes;
        }

        foreach (var (name, value) in user.Attributes)
        {
            attributes[name] = value;
        }

        attributes["cognito:user_status"] = user.Status;
        return attributes;
    }

    private static JsonArray Session(IReadOnlyList<ChallengeRound> rounds) => [.. rounds.Select(round => round.ToEventJson())];

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (name, value) in map)
        {
            json[name] = value;
        }

        return json;
    }

    private static string? OptionalString(JsonObject response, string name) => response[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw UserPoolException.InvalidLambdaResponse(),
    };

    private static bool OptionalBool(JsonObject response, string name) => response[name] switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw UserPoolException.InvalidLambdaResponse(),
    };

    private static Dictionary<string, string> StringMap(JsonObject response, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (response[name])
        {
            case null:
                return map;
            case JsonObject entries:
                foreach (var (key, value) in entries)
                {
                    map[key] = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : throw UserPoolException.InvalidLambdaResponse();
                }

                return map;
            default:
                throw UserPoolException.InvalidLambdaResponse();
        }
    }
}
