using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mediator;
using SfCognitoSso.Adapters.Triggers.Events;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Triggers;

/// <summary>
/// Turns a Cognito trigger event into the matching Core request and writes the decision back into the event's
/// <c>response</c>. Tolerates what Cognito really sends: a UTF-8 BOM, missing keys, nulls, unknown fields.
/// The Lambda types stop here; Core only sees its own requests.
/// </summary>
public sealed class CognitoTriggerHandler(ISender mediator)
{
    /// <summary>One function for every trigger: the event is served as what its <c>triggerSource</c> says it is.</summary>
    public ValueTask<byte[]> HandleAnyAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken)
    {
        var trigger = TriggerSources.Of(WithoutByteOrderMark(eventJson).Span)
            ?? throw new TriggerEventException("The event's triggerSource names none of the custom-auth or pre token generation triggers.");
        return HandleAsync(trigger, eventJson, cancellationToken);
    }

    public ValueTask<byte[]> HandleAsync(CognitoTrigger trigger, ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken)
    {
        var json = WithoutByteOrderMark(eventJson);
        // A function set up for one trigger and wired to another in the pool would answer nonsense: say so instead.
        if (TriggerSources.Of(json.Span) is { } other && other != trigger)
        {
            throw new TriggerEventException(
                $"This function serves {CognitoTriggerNames.NameOf(trigger)}, but the event is a {CognitoTriggerNames.NameOf(other)} event; point the pool's trigger at the right function or use {CognitoTriggerNames.Any}.");
        }

        return trigger switch
        {
            CognitoTrigger.DefineAuthChallenge => DefineAsync(json, cancellationToken),
            CognitoTrigger.CreateAuthChallenge => CreateAsync(json, cancellationToken),
            CognitoTrigger.VerifyAuthChallenge => VerifyAsync(json, cancellationToken),
            CognitoTrigger.PreTokenGeneration => ValueTask.FromResult(PreTokenGeneration(json)),
            _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger."),
        };
    }

    private async ValueTask<byte[]> DefineAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var define = Read(json, TriggerJsonContext.Default.CognitoDefineAuthChallengeEvent);
        var request = define.Request ?? new CognitoDefineAuthChallengeRequest();
        var decision = await mediator.Send(
            new DefineAuthChallenge(History(request.Session), request.UserNotFound ?? false), cancellationToken).ConfigureAwait(false);
        define.Response = new CognitoDefineAuthChallengeResponse
        {
            ChallengeName = decision.ChallengeName,
            IssueTokens = decision.IssueTokens,
            FailAuthentication = decision.FailAuthentication,
        };
        return JsonSerializer.SerializeToUtf8Bytes(define, TriggerJsonContext.Default.CognitoDefineAuthChallengeEvent);
    }

    private async ValueTask<byte[]> CreateAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var create = Read(json, TriggerJsonContext.Default.CognitoCreateAuthChallengeEvent);
        var previousAttempts = create.Request?.Session?.Count ?? 0;
        var challenge = await mediator.Send(new CreateAuthChallenge(previousAttempts), cancellationToken).ConfigureAwait(false);
        create.Response = new CognitoCreateAuthChallengeResponse
        {
            PublicChallengeParameters = new(challenge.PublicParameters, StringComparer.Ordinal),
            PrivateChallengeParameters = new(challenge.PrivateParameters, StringComparer.Ordinal),
            ChallengeMetadata = challenge.ChallengeMetadata,
        };
        return JsonSerializer.SerializeToUtf8Bytes(create, TriggerJsonContext.Default.CognitoCreateAuthChallengeEvent);
    }

    private async ValueTask<byte[]> VerifyAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        var verify = Read(json, TriggerJsonContext.Default.CognitoVerifyAuthChallengeEvent);
        var request = verify.Request ?? new CognitoVerifyAuthChallengeRequest();
        var verdict = await mediator.Send(
            new VerifyAuthChallenge(
                UserOf(verify.UserName ?? string.Empty, request.UserAttributes),
                new SalesforceSession(request.ChallengeAnswer),
                request.UserNotFound ?? false,
                request.ClientMetadata?.GetValueOrDefault(ClientMetadataKeys.Ticket)),
            cancellationToken).ConfigureAwait(false);
        verify.Response = new CognitoVerifyAuthChallengeResponse { AnswerCorrect = verdict.AnswerCorrect };
        return JsonSerializer.SerializeToUtf8Bytes(verify, TriggerJsonContext.Default.CognitoVerifyAuthChallengeEvent);
    }

    /// <summary>
    /// Adds the user's Salesforce org and user (18 characters) to the ID token, and to the access token too for a
    /// version 2 event. They come from the user's <c>custom:sf_*</c> attributes, which only the validator writes —
    /// never from client metadata. Nothing is suppressed; a user without them gets no claims and no error. There is
    /// no decision to make here, so this maps the event directly rather than through a Core flow.
    /// </summary>
    private static byte[] PreTokenGeneration(ReadOnlyMemory<byte> json)
    {
        var tokenEvent = Read(json, TriggerJsonContext.Default.CognitoPreTokenGenerationEvent);
        var user = UserOf(tokenEvent.UserName ?? string.Empty, tokenEvent.Request?.UserAttributes);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (user is { SalesforceOrgId: { } orgId, SalesforceUserId: { } userId })
        {
            claims[TokenClaims.SalesforceOrgId] = orgId.Value;
            claims[TokenClaims.SalesforceUserId] = userId.Value;
        }

        // Version 2 (and later) events take the version 2 response; Cognito ignores the other shape.
        tokenEvent.Response = int.TryParse(tokenEvent.Version, out var version) && version >= 2
            ? new CognitoPreTokenGenerationResponse
            {
                ClaimsAndScopeOverrideDetails = new ClaimsAndScopeOverrideDetails
                {
                    IdTokenGeneration = new TokenGeneration { ClaimsToAddOrOverride = claims },
                    AccessTokenGeneration = new TokenGeneration { ClaimsToAddOrOverride = new(claims, StringComparer.Ordinal) },
                },
            }
            : new CognitoPreTokenGenerationResponse { ClaimsOverrideDetails = new ClaimsOverrideDetails { ClaimsToAddOrOverride = claims } };
        return JsonSerializer.SerializeToUtf8Bytes(tokenEvent, TriggerJsonContext.Default.CognitoPreTokenGenerationEvent);
    }

    private static T Read<T>(ReadOnlyMemory<byte> json, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, type)
                ?? throw new TriggerEventException("The event is not a JSON object.");
        }
        catch (JsonException exception)
        {
            // JsonException text can quote the input; report only where it broke.
            throw new TriggerEventException(
                $"The event is not a valid {typeof(T).Name} (JSON error at line {exception.LineNumber ?? 0}, byte {exception.BytePositionInLine ?? 0}).");
        }
    }

    private static List<ChallengeAttempt> History(List<ChallengeResultElement?>? session) =>
        [.. (session ?? []).Select(entry => new ChallengeAttempt(entry?.ChallengeName, entry?.ChallengeResult ?? false))];

    /// <summary>The user Cognito describes in the event, in Core's terms.</summary>
    private static DirectoryUser UserOf(string username, Dictionary<string, string?>? attributes) =>
        DirectoryUserAttributes.Read(username, name => attributes is not null && attributes.TryGetValue(name, out var value) ? value : null);

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> json) =>
        json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? json[3..] : json;
}
