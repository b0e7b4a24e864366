using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Salesforce;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// Builds only what one trigger needs: define and create get the Core alone (no I/O at all); verify adds the
/// Salesforce adapter and its validation cache. Settings that trigger reads are checked here, so a bad one fails
/// the cold start with a message naming it instead of failing sign-ins later.
/// </summary>
public static class LambdaComposition
{
    public static IConfiguration ConfigurationFromEnvironment() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static ServiceProvider Build(
        CognitoTrigger trigger,
        IConfiguration configuration,
        TextWriter logOutput,
        Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        // Built directly rather than through AddLogging's options machinery: a millisecond less per cold start.
        services.AddSingleton<ILoggerFactory>(new LoggerFactory(
            [new JsonLineLoggerProvider(logOutput)], new LoggerFilterOptions { MinLevel = LogLevel.Information }));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSfCognitoSsoCore(configuration);
        if (trigger == CognitoTrigger.VerifyAuthChallenge)
        {
            services.AddSalesforceSessionValidator(configuration);
        }

        services.AddCognitoTriggers();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        try
        {
            CheckSettings(trigger, provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }

    private static void CheckSettings(CognitoTrigger trigger, IServiceProvider provider)
    {
        switch (trigger)
        {
            case CognitoTrigger.DefineAuthChallenge:
                _ = provider.GetRequiredService<IOptions<ChallengeOptions>>().Value;
                break;
            case CognitoTrigger.VerifyAuthChallenge:
                _ = provider.GetRequiredService<IOptions<TrustedOrgsOptions>>().Value;
                _ = provider.GetRequiredService<IOptions<IdentityOptions>>().Value;
                _ = provider.GetRequiredService<IOptions<SalesforceOptions>>().Value;
                _ = provider.GetRequiredService<IOptions<ValidationCacheOptions>>().Value;
                break;
            default:
                break;
        }
    }

    /// <summary>One line for a start-up failure: the setting's own message, or the failure's type.</summary>
    public static string Describe(Exception exception) =>
        SettingsErrors.Describe(exception) ?? $"Start-up failed: {exception.GetType().Name}.";
}
