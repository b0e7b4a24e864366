using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Composition;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// The emulated pool's triggers: the same bytes-in, bytes-out handler the Lambda host runs, in this process, so the
/// event JSON is read and written exactly as on AWS. They get a service provider of their own, as a Lambda function
/// would: their own validation cache (the validator's answers reach Verify only through the client's ticket), the
/// validator's public key, the host's log sink.
/// </summary>
public sealed class InProcessTriggers : IUserPoolTriggers, IDisposable
{
    private readonly ServiceProvider triggers;
    private readonly CognitoTriggerHandler handler;

    public InProcessTriggers(IConfiguration configuration, ILoggerFactory loggers, Action<IServiceCollection> wiring)
    {
        ArgumentNullException.ThrowIfNull(wiring);
        triggers = TriggerComposition.Build(configuration, CognitoTriggerNames.All, services =>
        {
            services.AddSingleton(loggers);
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            wiring(services);
        });
        handler = triggers.GetRequiredService<CognitoTriggerHandler>();
    }

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

    public void Dispose() => triggers.Dispose();
}
