using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mediator;
using SfCognitoSso.Adapters.Triggers.Events;
using SfCognitoSso.Core.Challenges;
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
    public async ValueTask<byte[]> HandleAsync(CognitoTrigger trigger, ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken)
    {
        var json = WithoutByteOrderMark(eventJson);
        switch (trigger)
        {
            case CognitoTrigger.DefineAuthChallenge:
            {
                var define = Read(json, TriggerJsonContext.Default.DefineAuthChallengeEvent);
                var request = define.Request ?? new DefineAuthChallengeRequest();
                var decision = await mediator.Send(
                    new DefineAuthChallenge(History(request.Session), request.UserNotFound ?? false), cancellationToken).ConfigureAwait(false);
                define.Response = new DefineAuthChallengeResponse
                {
                    ChallengeName = decision.ChallengeName,
                    IssueTokens = decision.IssueTokens,
                    FailAuthentication = decision.FailAuthentication,
                };
                return JsonSerializer.SerializeToUtf8Bytes(define, TriggerJsonContext.Default.DefineAuthChallengeEvent);
            }

            case CognitoTrigger.CreateAuthChallenge:
            {
                var create = Read(json, TriggerJsonContext.Default.CreateAuthChallengeEvent);
                var previousAttempts = create.Request?.Session?.Count ?? 0;
                var challenge = await mediator.Send(new CreateAuthChallenge(previousAttempts), cancellationToken).ConfigureAwait(false);
                create.Response = new CreateAuthChallengeResponse
                {
                    PublicChallengeParameters = new(challenge.PublicParameters, StringComparer.Ordinal),
                    PrivateChallengeParameters = new(challenge.PrivateParameters, StringComparer.Ordinal),
                    ChallengeMetadata = challenge.ChallengeMetadata,
                };
                return JsonSerializer.SerializeToUtf8Bytes(create, TriggerJsonContext.Default.CreateAuthChallengeEvent);
            }

            default:
            {
                var verify = Read(json, TriggerJsonContext.Default.VerifyAuthChallengeEvent);
                var request = verify.Request ?? new VerifyAuthChallengeRequest();
                var verdict = await mediator.Send(
                    new VerifyAuthChallenge(
                        verify.UserName ?? string.Empty,
                        Attributes(request.UserAttributes),
                        new SalesforceSession(request.ChallengeAnswer),
                        request.UserNotFound ?? false),
                    cancellationToken).ConfigureAwait(false);
                verify.Response = new VerifyAuthChallengeResponse { AnswerCorrect = verdict.AnswerCorrect };
                return JsonSerializer.SerializeToUtf8Bytes(verify, TriggerJsonContext.Default.VerifyAuthChallengeEvent);
            }
        }
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
        [.. (session ?? []).Select(entry => new ChallengeAttempt(entry?.ChallengeName, entry?.ChallengeResult ?? false, entry?.ChallengeMetadata))];

    private static Dictionary<string, string> Attributes(Dictionary<string, string?>? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes ?? [])
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> json) =>
        json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? json[3..] : json;
}
