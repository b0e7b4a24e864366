using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SfCognitoSso.Adapters.Cognito;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Adapters.Salesforce;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Adapters.Tickets;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Composition;

public static class ValidatorComposition
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Everything a validator host serves, wired from configuration.</summary>
    public static IServiceCollection AddSfCognitoSsoValidator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddSfCognitoSsoValidator(configuration, DirectoryOptions.Read(configuration).Provider);
    }

    /// <summary>Everything a validator host serves, with the directory the host chose in code (the local stack's is
    /// always its emulated pool).</summary>
    public static IServiceCollection AddSfCognitoSsoValidator(this IServiceCollection services, IConfiguration configuration, DirectoryProvider directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSfCognitoSsoCore(configuration);
        services.AddSalesforceSessionValidator(configuration);
        services.AddSignOutMarkFeed(configuration);
        services.LogPlainAttemptsAtDebug();
        services.AddTickets(configuration);
        switch (directory)
        {
            case DirectoryProvider.Cognito:
                // A ticket names the pool its user was found or created in, unless Ticket__UserPoolId says otherwise,
                // and the token exchange's own app client, which passes tickets to Verify too.
                services.PostConfigure<TicketKeyOptions>(tickets =>
                {
                    if (string.IsNullOrEmpty(tickets.UserPoolId))
                    {
                        tickets.UserPoolId = configuration[$"{CognitoOptions.Section}:{nameof(CognitoOptions.UserPoolId)}"];
                    }

                    if (configuration[$"{ExchangeOptions.Section}:{nameof(ExchangeOptions.ClientId)}"] is { Length: > 0 } exchangeClient
                        && !tickets.ClientIds.Contains(exchangeClient, StringComparer.Ordinal))
                    {
                        tickets.ClientIds.Add(exchangeClient);
                    }
                });
                // Keyless AWS access from Azure when Cognito__RoleArn is set (a host or test may register its own source first).
                services.TryAddSingleton<IWebIdentityTokenSource, ManagedIdentityTokenSource>();
                services.AddCognitoDirectory(configuration);
                break;
            case DirectoryProvider.InMemory:
                services.AddInMemoryDirectory();
                break;
            default:
                throw new InvalidOperationException("Unknown directory provider.");
        }

        services.AddValidatorEndpoint(configuration);
        // Single sign-out, when an org has an events app.
        services.AddSalesforceSignOutEvents(configuration);
        // ASP.NET Core starts an Activity for every request whenever its hosting logger is on at any level (to fill
        // log scopes), and HttpClient then starts and propagates another for the Salesforce call. Our JSON logs use
        // no scopes and the hosting log lines (request starting/finished) are never needed, so the logger stays off;
        // when OTLP tracing is configured its listener still gets every activity.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None));
        services.AddOpenTelemetryExport(configuration);
        return services;
    }

    /// <summary>OpenTelemetry over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter
    /// reads it and its companion <c>OTEL_*</c> variables itself); otherwise no listener at all, so the activity
    /// sources and meters cost nothing.</summary>
    private static void AddOpenTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sfcognitosso-validator"))
            .WithTracing(tracing => tracing
                .AddSource(SalesforceTelemetry.Name, CognitoTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SalesforceTelemetry.Name, ValidatorTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }
}
