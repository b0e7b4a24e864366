using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Composition;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// One trigger per Lambda process: the shared trigger composition for it, plus this host's JSON-lines logging.
/// Settings that trigger reads are checked here, so a bad one fails the cold start with a message naming it.
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
        services.AddSfCognitoSsoTriggers(configuration, trigger);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        try
        {
            TriggerComposition.CheckSettings(provider, trigger);
        }
        catch
        {
            provider.Dispose();
            throw;
        }

        return provider;
    }
}
