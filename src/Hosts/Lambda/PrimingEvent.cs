using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

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

    /// <summary>A ticket signed by no configured key (its <c>kid</c> names none): checked, it is no proof — no
    /// tampering counted, nothing logged — but it takes the parser and the key look-up through their first use.</summary>
    private static readonly string UnknownKeyTicket =
        System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"ES256","kid":"priming","typ":"sfsso-ticket+jwt"}"""u8)
        + "." + System.Buffers.Text.Base64Url.EncodeToString("""{"exp":1}"""u8)
        + "." + System.Buffers.Text.Base64Url.EncodeToString(new byte[64]);

    private static readonly byte[] Throwaway = "priming"u8.ToArray();

    /// <summary>Verify's first-use costs beyond its pipeline: the ticket check (an unknown key's ticket, refused) and
    /// the cryptography behind it — SHA-256 and an ES256 verify with the configured keys over throwaway bytes (false,
    /// no side effect).</summary>
    public static async Task WarmVerifyAsync(CognitoTriggerHandler handler, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        await RunAsync(handler, [CognitoTrigger.VerifyAuthChallenge]).ConfigureAwait(false);
        try
        {
            _ = SHA256.HashData(Throwaway);
            if (services.GetService<TicketKeys>() is { } keys)
            {
                _ = keys.Verifies(Throwaway, new byte[64]);
            }

            if (services.GetService<ITicketVerifier>() is { } tickets)
            {
                _ = await tickets.CheckAsync(UnknownKeyTicket, new SalesforceSession("priming"), DirectoryUserAttributes.Read("priming", _ => null), TicketAudience.Unknown).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Priming is an optimisation; the real invocation reports any real fault.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

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
