using SfCognitoSso.Adapters.LocalCognito;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Local;

/// <summary>The emulated pool's triggers: the same bytes-in, bytes-out handler the Lambda host runs, in this
/// process, so the event JSON is read and written exactly as on AWS.</summary>
public sealed class InProcessTriggers(CognitoTriggerHandler handler) : IUserPoolTriggers
{
    public async ValueTask<byte[]> InvokeAsync(UserPoolTrigger trigger, byte[] eventJson, CancellationToken cancellationToken) =>
        await handler.HandleAsync(
            trigger switch
            {
                UserPoolTrigger.DefineAuthChallenge => CognitoTrigger.DefineAuthChallenge,
                UserPoolTrigger.CreateAuthChallenge => CognitoTrigger.CreateAuthChallenge,
                UserPoolTrigger.VerifyAuthChallengeResponse => CognitoTrigger.VerifyAuthChallenge,
                UserPoolTrigger.PreTokenGeneration => CognitoTrigger.PreTokenGeneration,
                _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger."),
            },
            eventJson,
            cancellationToken).ConfigureAwait(false);
}
