using System.Net;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Composition;
using SfCognitoSso.Contracts;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Hosts.Local;

/// <summary>
/// One process, three loopback listeners: the validator (the Kestrel host's composition, its directory the real
/// Cognito adapter pointed at the emulator), the emulated user pool (running the triggers in a provider of their own,
/// as a Lambda function would), and the Salesforce stand-in both of them trust. Wired by <see cref="LocalStackWiring"/>.
/// </summary>
public static class LocalStackHost
{
    /// <summary>The Cognito adapter signs with the emulator's fixed admin credentials, whose signatures it checks; no
    /// AWS profile is needed.</summary>
    public static readonly AWSCredentials Credentials = AdminSignature.LocalCredentials;

    /// <param name="args">Command-line settings, as for any host.</param>
    /// <param name="environmentName">Overrides the environment variables (tests).</param>
    /// <param name="customize">Last changes before the host is built (tests add log capture here).</param>
    public static WebApplication Build(string[] args, string? environmentName = null, Action<WebApplicationBuilder>? customize = null)
    {
        // A development tool, always: it trusts demo sessions and fixed local credentials. Every place an environment
        // can be named is read, and any of them naming another environment refuses the start.
        var environment = EnvironmentOf(args, environmentName);
        if (!string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(LocalStackSettings.Section, typeof(LocalStackSettings),
                [$"The local stack is a development tool: it must not run in Production or any environment but Development (here: '{environment}', from ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT or --environment). Deploy the Kestrel or Functions host instead."]);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            throw new OptionsValidationException(LocalStackSettings.Section, typeof(LocalStackSettings),
                ["Kestrel__Endpoints is not for the local stack: it listens only on loopback, where LocalStack__ValidatorUrl, __CognitoUrl, __SalesforceUrl and __PubSubUrl say."]);
        }

        var settings = LocalStackSettings.Read(builder.Configuration);
        var wiring = new LocalStackWiring(settings, builder.Configuration);

        builder.Logging.ClearProviders().AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.IncludeScopes = false;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = LocalCognitoEndpoints.MaxRequestBytes;
            foreach (var url in new[] { settings.ValidatorUrl, settings.CognitoUrl, settings.SalesforceUrl })
            {
                kestrel.Listen(IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) ? address : IPAddress.Loopback, url.Port);
            }

            kestrel.ListenForPubSub(settings.Salesforce);
        });

        builder.Services.AddSingleton(Credentials);
        builder.Services.AddSingleton(settings);
        wiring.ApplyToValidator(builder.Services);
        builder.Services.AddSfCognitoSsoValidator(builder.Configuration, DirectoryProvider.Cognito).AddValidatorOpenApi();
        builder.Services.AddLocalCognito(pool => CopyPool(settings.Pool, pool));
        builder.Services.AddSingleton<IUserPoolTriggers>(provider => new InProcessTriggers(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<ILoggerFactory>(), wiring.ApplyToTriggers));
        builder.Services.AddSalesforceStandIn(settings.Salesforce);

        customize?.Invoke(builder);
        var app = builder.Build();
        app.MapWhen(context => context.Connection.LocalPort == settings.ValidatorUrl.Port, validator =>
        {
            validator.UseRouting();
            validator.UseEndpoints(endpoints =>
            {
                endpoints.MapValidatorEndpoints();
                endpoints.MapSignInPage(settings);
                endpoints.MapCanvasApp();
            });
        });
        app.MapWhen(context => context.Connection.LocalPort == settings.CognitoUrl.Port, cognito => cognito.RunLocalCognito());
        app.MapSalesforceStandIn(settings.Salesforce);
        return app;
    }

    /// <summary>The environment every source names: the first that is set and not Development, else Development (an
    /// empty value counts as unset). <paramref name="overridden"/> stands in for the environment variables (tests).</summary>
    private static string EnvironmentOf(string[] args, string? overridden)
    {
        string?[] named =
        [
            new ConfigurationBuilder().AddCommandLine(args).Build()[HostDefaults.EnvironmentKey],
            .. overridden is not null
                ? [overridden]
                : new[] { Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"), Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") },
        ];
        return named.FirstOrDefault(name => !string.IsNullOrWhiteSpace(name) && !string.Equals(name, Environments.Development, StringComparison.OrdinalIgnoreCase))
            ?? Environments.Development;
    }

    /// <summary>Starts listening. A port already taken (often by a stack left running) is a settings problem with a
    /// one-line answer, not a stack trace.</summary>
    public static async Task StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            var settings = app.Services.GetRequiredService<LocalStackSettings>();
            throw new OptionsValidationException(LocalStackSettings.Section, typeof(LocalStackSettings),
            [
                $"A port of the local stack is already in use (another local stack still running?): {settings.ValidatorUrl}, {settings.CognitoUrl}, {settings.SalesforceUrl} or {settings.PubSubUrl}. " +
                "Stop it, or choose other ports with LocalStack__ValidatorUrl, __CognitoUrl, __SalesforceUrl and __PubSubUrl.",
            ]);
        }

        // Whatever a setting may have added, nothing of the stack answers off this machine.
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.FirstOrDefault(address => !IsLoopback(address)) is { } exposed)
        {
            await app.StopAsync().ConfigureAwait(false);
            throw new OptionsValidationException(LocalStackSettings.Section, typeof(LocalStackSettings),
                [$"The local stack listens only on loopback, but a setting made it listen on {exposed}: remove it (urls, ASPNETCORE_URLS, Kestrel__…)."]);
        }
    }

    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && LoopbackHosts.IsLoopback(uri);

    // Every setting the stack read, whatever it is: a list of properties by hand was one more place where a new pool
    // setting had to be added, or was silently dropped.
    private static void CopyPool(LocalCognitoOptions from, LocalCognitoOptions to)
    {
        foreach (var property in typeof(LocalCognitoOptions).GetProperties().Where(property => property.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
