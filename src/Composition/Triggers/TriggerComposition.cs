using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Salesforce;
using SfCognitoSso.Adapters.Tickets;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Composition;

/// <summary>
/// The triggers a process serves, and only what they need: define, create and pre token generation get the Core
/// alone (no I/O at all);
/// verify adds the Salesforce adapter and its validation cache. A host adds its own logging and builds one service
/// provider for everything it runs (the validator too, in the local stack).
/// </summary>
public static class TriggerComposition
{
    public static IServiceCollection AddSfCognitoSsoTriggers(
        this IServiceCollection services, IConfiguration configuration, params IReadOnlyCollection<CognitoTrigger> triggers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(triggers);
        services.AddSfCognitoSsoCore(configuration);
        if (triggers.Contains(CognitoTrigger.VerifyAuthChallenge))
        {
            services.AddSalesforceSessionValidator(configuration);
            services.LogPlainAttemptsAtDebug();
            services.AddTickets(configuration);
        }

        services.AddCognitoTriggers();
        return services;
    }

    /// <summary>
    /// The one way a process gets its triggers' services: the triggers, then what the host adds (its logging, test
    /// replacements), built into a provider whose settings are checked before it is handed out (disposed if they fail).
    /// </summary>
    public static ServiceProvider Build(
        IConfiguration configuration, IReadOnlyCollection<CognitoTrigger> triggers, Action<IServiceCollection> host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var services = new ServiceCollection();
        // No generic host runs here: CheckSettings below reads every setting these triggers use.
        services.AddSingleton<SettingsCheckedByComposition>();
        if (triggers.Count > 1 && triggers.Contains(CognitoTrigger.VerifyAuthChallenge))
        {
            // One function for every trigger: Verify's Salesforce adapter is composed when a verify event first needs
            // it (its settings are checked below with the rest), so a cold Define, Create or pre token generation
            // does not register HTTP, resilience and the cache it never uses (docs/benchmarks.md).
            services.AddSfCognitoSsoTriggers(configuration, [.. triggers.Where(trigger => trigger != CognitoTrigger.VerifyAuthChallenge)]);
            services.AddSalesforceSettings(configuration);
            services.AddTickets(configuration);
            services.AddSingleton(_ => new SessionValidatorOnFirstUse(() => Build(configuration, [CognitoTrigger.VerifyAuthChallenge], host)));
            services.AddSingleton<ISessionValidator>(provider => provider.GetRequiredService<SessionValidatorOnFirstUse>());
            services.AddSingleton<IAccessTokenValidator>(provider => provider.GetRequiredService<SessionValidatorOnFirstUse>());
        }
        else
        {
            services.AddSfCognitoSsoTriggers(configuration, triggers);
        }

        host(services);
        var provider = services.BuildServiceProvider();
        try
        {
            CheckSettings(provider, triggers);
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    /// <summary>Composes now what the function for every trigger otherwise composes on first use (Verify's Salesforce
    /// adapter): for initialisation ahead of traffic (provisioned concurrency), where it costs no sign-in anything.</summary>
    public static void ComposeDeferred(IServiceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.GetService<ISessionValidator>() is SessionValidatorOnFirstUse deferred)
        {
            deferred.Compose();
        }
    }

    /// <summary>Reads every setting these triggers use, so a bad one fails start-up (a Lambda cold start) with a
    /// message naming it instead of failing sign-ins later.</summary>
    public static void CheckSettings(IServiceProvider provider, params IReadOnlyCollection<CognitoTrigger> triggers)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(triggers);
        foreach (var trigger in triggers)
        {
            switch (trigger)
            {
                case CognitoTrigger.DefineAuthChallenge:
                    _ = provider.GetRequiredService<IOptions<ChallengeOptions>>().Value;
                    break;
                case CognitoTrigger.CreateAuthChallenge:
                case CognitoTrigger.PreTokenGeneration:
                    break;
                case CognitoTrigger.VerifyAuthChallenge:
                    _ = provider.GetRequiredService<IOptions<TrustedOrgsOptions>>().Value;
                    _ = provider.GetRequiredService<IOptions<IdentityOptions>>().Value;
                    _ = provider.GetRequiredService<IOptions<SalesforceOptions>>().Value;
                    _ = provider.GetRequiredService<IOptions<ValidationCacheOptions>>().Value;
                    _ = provider.GetRequiredService<IOptions<Core.Tickets.TicketKeyOptions>>().Value;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(triggers), trigger, "Unknown trigger.");
            }
        }
    }

    /// <summary>One line for a start-up failure: the setting's own message, or the failure's type.</summary>
    public static string Describe(Exception exception) =>
        SettingsErrors.Describe(exception) ?? $"Start-up failed: {exception.GetType().Name}.";
}
