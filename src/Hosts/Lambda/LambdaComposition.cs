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

    /// <summary>Settings whose value is <c>ssm:&lt;name&gt;</c> replaced by the SecureString they name (once, at the cold
    /// start; nothing is called when no setting refers to SSM). Lambda's own environment is readable by anyone with
    /// lambda:GetFunctionConfiguration, so secrets such as the Redis password live in SSM instead.</summary>
    private static IConfiguration WithSecrets(IConfiguration configuration, HttpMessageHandler? ssm)
    {
        if (OnlyEnvironment(configuration) && !EnvironmentRefersToSsm())
        {
            return configuration;
        }

        var resolved = Adapters.Ssm.SsmParameterReferences.ResolveAsync(configuration, ssm).GetAwaiter().GetResult();
        return resolved.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(resolved).Build();
    }

    /// <summary>Settings read from the environment alone have their values there: one pass over the environment
    /// tells whether any refers to SSM, where walking the configuration tree to find out is a cold start's cost.</summary>
    private static bool OnlyEnvironment(IConfiguration configuration) =>
        configuration is IConfigurationRoot { Providers: var providers }
        && providers.All(provider => provider is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider);

    private static bool EnvironmentRefersToSsm()
    {
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Value is string value && value.StartsWith(Adapters.Ssm.SsmParameterReferences.Prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static ServiceProvider Build(
        CognitoTrigger trigger,
        IConfiguration configuration,
        TextWriter logOutput,
        Action<IServiceCollection>? configure = null,
        HttpMessageHandler? ssm = null) =>
        Build([trigger], configuration, logOutput, configure, ssm);

    /// <summary>The services of every trigger the function serves (all four for <c>any-trigger</c>).</summary>
    public static ServiceProvider Build(
        IReadOnlyList<CognitoTrigger> triggers,
        IConfiguration configuration,
        TextWriter logOutput,
        Action<IServiceCollection>? configure = null,
        HttpMessageHandler? ssm = null)
    {
        return TriggerComposition.Build(WithSecrets(configuration, ssm), triggers, services =>
        {
            // Built directly rather than through AddLogging's options machinery: a millisecond less per cold start.
            services.AddSingleton<ILoggerFactory>(new LoggerFactory(
                [new JsonLineLoggerProvider(logOutput)], new LoggerFilterOptions { MinLevel = LogLevel.Information }));
            services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            configure?.Invoke(services);
        });
    }
}
