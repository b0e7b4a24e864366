using System.Text.Json;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Adapters.Triggers;

/// <summary>
/// Turns a Cognito trigger event into the matching Core request and writes the decision back into the event's
/// <c>response</c>. Tolerates what Cognito really sends: a UTF-8 BOM, missing keys, nulls, unknown fields (echoed as
/// they came). The event's JSON stops here; Core only sees its own requests.
/// </summary>
/// <remarks>Takes the generated mediator itself, not <c>ISender</c>: its per-message <c>Send</c> overloads are direct
/// calls, where <c>ISender.Send&lt;T&gt;</c> is a generic virtual method that NativeAOT resolves at run time on first
/// use (docs/benchmarks.md).</remarks>
public sealed class CognitoTriggerHandler(Mediator.Mediator mediator)
{
    /// <summary>One function for every trigger: the event is served as what its <c>triggerSource</c> says it is.</summary>
    public ValueTask<byte[]> HandleAnyAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken)
    {
        var json = WithoutByteOrderMark(eventJson);
        var trigger = TriggerSources.Of(json.Span)
            ?? throw new TriggerEventException("The event's triggerSource names none of the custom-auth or pre token generation triggers.");
        return Serve(trigger, json, cancellationToken);
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

        return Serve(trigger, json, cancellationToken);
    }

    private ValueTask<byte[]> Serve(CognitoTrigger trigger, ReadOnlyMemory<byte> json, CancellationToken cancellationToken) => trigger switch
    {
        CognitoTrigger.DefineAuthChallenge => DefineAsync(json, cancellationToken),
        CognitoTrigger.CreateAuthChallenge => CreateAsync(json, cancellationToken),
        CognitoTrigger.VerifyAuthChallenge => VerifyAsync(json, cancellationToken),
        CognitoTrigger.PreTokenGeneration => ValueTask.FromResult(PreTokenGeneration(json)),
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger."),
    };

    private async ValueTask<byte[]> DefineAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var define = TriggerEvent.Parse(json, CognitoTrigger.DefineAuthChallenge);
        var history = define.Session().ConvertAll(round => new ChallengeAttempt(round.ChallengeName, round.ChallengeResult));
        var decision = await mediator.Send(
            new DefineAuthChallenge(history, define.RequestBool("userNotFound") ?? false), cancellationToken).ConfigureAwait(false);
        return define.Reply(response =>
        {
            response.WriteStartObject();
            response.WriteString("challengeName", decision.ChallengeName);
            response.WriteBoolean("issueTokens", decision.IssueTokens);
            response.WriteBoolean("failAuthentication", decision.FailAuthentication);
            response.WriteEndObject();
        });
    }

    private async ValueTask<byte[]> CreateAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var create = TriggerEvent.Parse(json, CognitoTrigger.CreateAuthChallenge);
        var challenge = await mediator.Send(new CreateAuthChallenge(create.Session().Count), cancellationToken).ConfigureAwait(false);
        return create.Reply(response =>
        {
            response.WriteStartObject();
            WriteMap(response, "publicChallengeParameters", challenge.PublicParameters);
            WriteMap(response, "privateChallengeParameters", challenge.PrivateParameters);
            response.WriteString("challengeMetadata", challenge.ChallengeMetadata);
            response.WriteEndObject();
        });
    }

    private async ValueTask<byte[]> VerifyAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var verify = TriggerEvent.Parse(json, CognitoTrigger.VerifyAuthChallenge);
        var verdict = await mediator.Send(
            new VerifyAuthChallenge(
                UserOf(verify),
                new SalesforceSession(verify.RequestString("challengeAnswer")),
                verify.RequestBool("userNotFound") ?? false,
                verify.RequestMapValue("clientMetadata", ClientMetadataKeys.Ticket),
                new TicketAudience(verify.UserPoolId, verify.ClientId)),
            cancellationToken).ConfigureAwait(false);
        return verify.Reply(response =>
        {
            response.WriteStartObject();
            response.WriteBoolean("answerCorrect", verdict.AnswerCorrect);
            response.WriteEndObject();
        });
    }

    /// <summary>
    /// Adds the user's Salesforce org and user (18 characters) to the ID token, and to the access token too for a
    /// version 2 event. They come from the user's <c>custom:sf_*</c> attributes, which only the validator writes —
    /// never from client metadata. Nothing is suppressed; a user without them gets no claims and no error. There is
    /// no decision to make here, so this maps the event directly rather than through a Core flow.
    /// </summary>
    private static byte[] PreTokenGeneration(ReadOnlyMemory<byte> json)
    {
        using var tokenEvent = TriggerEvent.Parse(json, CognitoTrigger.PreTokenGeneration);
        var user = UserOf(tokenEvent);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (user is { SalesforceOrgId: { } orgId, SalesforceUserId: { } userId })
        {
            claims[TokenClaims.SalesforceOrgId] = orgId.Value;
            claims[TokenClaims.SalesforceUserId] = userId.Value;
        }

        // Version 2 (and later) events take the version 2 response; Cognito ignores the other shape.
        var version2 = int.TryParse(tokenEvent.Version, out var version) && version >= 2;
        return tokenEvent.Reply(response =>
        {
            response.WriteStartObject();
            if (version2)
            {
                response.WriteStartObject("claimsAndScopeOverrideDetails");
                WriteClaims(response, "idTokenGeneration", claims);
                WriteClaims(response, "accessTokenGeneration", claims);
                response.WriteEndObject();
            }
            else
            {
                WriteClaims(response, "claimsOverrideDetails", claims);
            }

            response.WriteEndObject();
        });
    }

    private static void WriteClaims(Utf8JsonWriter writer, string name, Dictionary<string, string> claims)
    {
        writer.WriteStartObject(name);
        WriteMap(writer, "claimsToAddOrOverride", claims);
        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>The user Cognito describes in the event, in Core's terms.</summary>
    private static DirectoryUser UserOf(TriggerEvent triggerEvent) =>
        DirectoryUserAttributes.Read(triggerEvent.UserName ?? string.Empty, name => triggerEvent.RequestMapValue("userAttributes", name));

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> json) =>
        json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? json[3..] : json;
}
