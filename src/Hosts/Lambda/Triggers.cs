using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// Handlers for the managed .NET runtime, e.g.
/// <c>SfCognitoSso.Hosts.Lambda::SfCognitoSso.Hosts.Lambda.Triggers::DefineAuthChallenge</c>. Stream in, stream out,
/// so no serializer attribute is needed. Each trigger's services are built once per process, on its first call,
/// from environment variables.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The managed runtime's handler strings name instance methods of this class.")]
public sealed class Triggers
{
    private static readonly Lazy<CognitoTriggerHandler> Define = Compose(CognitoTrigger.DefineAuthChallenge);
    private static readonly Lazy<CognitoTriggerHandler> Create = Compose(CognitoTrigger.CreateAuthChallenge);
    private static readonly Lazy<CognitoTriggerHandler> Verify = Compose(CognitoTrigger.VerifyAuthChallenge);
    private static readonly Lazy<CognitoTriggerHandler> TokenGeneration = Compose(CognitoTrigger.PreTokenGeneration);
    private static readonly Lazy<CognitoTriggerHandler> Any = new(() => LambdaComposition.Build(CognitoTriggerNames.All, LambdaComposition.ConfigurationFromEnvironment(), Console.Error)
        .GetRequiredService<CognitoTriggerHandler>());

    public Task<Stream> DefineAuthChallenge(Stream input) => HandleAsync(Define, CognitoTrigger.DefineAuthChallenge, input);

    public Task<Stream> CreateAuthChallenge(Stream input) => HandleAsync(Create, CognitoTrigger.CreateAuthChallenge, input);

    public Task<Stream> VerifyAuthChallenge(Stream input) => HandleAsync(Verify, CognitoTrigger.VerifyAuthChallenge, input);

    public Task<Stream> PreTokenGeneration(Stream input) => HandleAsync(TokenGeneration, CognitoTrigger.PreTokenGeneration, input);

    /// <summary>One function for every trigger: each event served as its <c>triggerSource</c> says.</summary>
    public Task<Stream> AnyTrigger(Stream input) => HandleAsync(Any, trigger: null, input);

    private static Lazy<CognitoTriggerHandler> Compose(CognitoTrigger trigger) =>
        new(() => LambdaComposition.Build(trigger, LambdaComposition.ConfigurationFromEnvironment(), Console.Error)
            .GetRequiredService<CognitoTriggerHandler>());

    private static async Task<Stream> HandleAsync(Lazy<CognitoTriggerHandler> handler, CognitoTrigger? trigger, Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer).ConfigureAwait(false);
        var payload = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var reply = trigger is { } one
            ? await handler.Value.HandleAsync(one, payload, CancellationToken.None).ConfigureAwait(false)
            : await handler.Value.HandleAnyAsync(payload, CancellationToken.None).ConfigureAwait(false);
        return new MemoryStream(reply, writable: false);
    }
}
