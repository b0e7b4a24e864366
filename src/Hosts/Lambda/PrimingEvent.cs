using Microsoft.Extensions.Configuration;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// A synthetic event each trigger handles without any I/O (verify: an empty answer, refused by validation before any
/// Salesforce call), used to warm the handler before the first event when Lambda initialises ahead of traffic. Its
/// result is discarded and it logs nothing.
/// </summary>
internal static class PrimingEvent
{
    private static readonly byte[] Event = """
        {"version":"1","userName":"priming","triggerSource":"priming",
         "request":{"userAttributes":{},"session":[],"challengeAnswer":"","userNotFound":true},
         "response":{}}
        """u8.ToArray();

    /// <summary>Set by Lambda: <c>on-demand</c> or <c>provisioned-concurrency</c>.</summary>
    public const string InitializationTypeVariable = "AWS_LAMBDA_INITIALIZATION_TYPE";

    /// <summary>Only where initialisation runs before any event is waiting for it.</summary>
    public static bool PaysOff(IConfiguration environment) =>
        environment?[InitializationTypeVariable] == "provisioned-concurrency";

    /// <summary>Warms every trigger path the function serves (a function for all four warms all four).</summary>
    public static async Task RunAsync(CognitoTriggerHandler handler, IReadOnlyList<CognitoTrigger> triggers)
    {
        foreach (var trigger in triggers)
        {
            try
            {
                await handler.HandleAsync(trigger, Event, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Priming is an optimisation; the real invocation reports any real fault.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
