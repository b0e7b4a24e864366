using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SfCognitoSso.Adapters.Cognito;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Adapters.Salesforce;
using SfCognitoSso.Core;

namespace SfCognitoSso.Composition;

/// <summary><c>Directory__Provider</c>: which user directory the validator writes to.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    public string? Provider { get; set; }
}

/// <summary><c>Telemetry__Exporter</c>: <c>None</c> (default) or <c>Otlp</c> (endpoint from
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, default http://localhost:4317).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public string Exporter { get; set; } = "None";
}

public static class ValidatorComposition
{
    public const string CognitoProvider = "Cognito";
    public const string InMemoryProvider = "InMemory";

    /// <summary>Everything a validator host serves, wired from configuration.</summary>
    public static IServiceCollection AddSfCognitoSsoValidator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSfCognitoSsoCore(configuration);
        services.AddSalesforceSessionValidator(configuration);
        // The provider decides what gets registered, so it is checked now rather than when the host starts.
        var directory = new DirectoryOptions { Provider = configuration[$"{DirectoryOptions.Section}:Provider"] };
        var checkedDirectory = new DirectoryOptionsValidator().Validate(null, directory);
        if (checkedDirectory.Failed)
        {
            throw new OptionsValidationException(nameof(DirectoryOptions), typeof(DirectoryOptions), checkedDirectory.Failures);
        }

        if (directory.Provider == CognitoProvider)
        {
            services.AddCognitoDirectory(configuration);
        }
        else
        {
            services.AddInMemoryDirectory();
        }

        services.AddValidatorEndpoint(configuration);
        services.AddValidatorTelemetry(configuration);
        return services;
    }

    private static void AddValidatorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        var exporter = configuration[$"{TelemetryOptions.Section}:Exporter"];
        if (!string.Equals(exporter, "Otlp", StringComparison.Ordinal))
        {
            return; // no listener: the activity sources and meters cost nothing
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sfcognitosso-validator"))
            .WithTracing(tracing => tracing
                .AddSource(SalesforceTelemetry.Name, CognitoApiClient.TelemetryName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SalesforceTelemetry.Name, ValidatorTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }
}

public sealed class DirectoryOptionsValidator : IValidateOptions<DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider is ValidatorComposition.CognitoProvider or ValidatorComposition.InMemoryProvider
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Directory__Provider must be Cognito or InMemory.");
    }
}

public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Exporter is "None" or "Otlp"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Telemetry__Exporter must be None or Otlp.");
    }
}
