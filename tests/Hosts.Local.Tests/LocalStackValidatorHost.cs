using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>The local stack's validator served on loopback as a user starts it, for the validator contract: the
/// contract's org (the Salesforce stub) replaces the stand-in, the directory is the emulated pool.</summary>
internal sealed class LocalStackValidatorHost : IValidatorHost
{
    private readonly WebApplication app;
    private readonly HttpValidatorClient client;

    private LocalStackValidatorHost(WebApplication app, Uri validatorUrl)
    {
        this.app = app;
        client = new HttpValidatorClient(validatorUrl);
    }

    public IReadOnlyList<string> Logs => LogText.Of(app.Services.GetFakeLogCollector());

    public static LocalStackValidatorHost Start(IReadOnlyDictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var validatorUrl = new Uri($"http://127.0.0.1:{Loopback.FreePort()}");
            string[] args =
            [
                $"--LocalStack:ValidatorUrl={validatorUrl}",
                $"--LocalStack:CognitoUrl=http://127.0.0.1:{Loopback.FreePort()}",
                $"--LocalStack:SalesforceUrl=http://127.0.0.1:{Loopback.FreePort()}",
                $"--LocalStack:PubSubUrl=http://127.0.0.1:{Loopback.FreePort()}",
                .. settings.Select(setting => $"--{setting.Key}={setting.Value}"),
            ];
            var app = LocalStackHost.Build(args, "Development", builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
            try
            {
                LocalStackHost.StartAsync(app).GetAwaiter().GetResult();
                return new LocalStackValidatorHost(app, validatorUrl);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException taken) when (attempt < 5 && taken.Message.Contains("already in use", StringComparison.Ordinal))
            {
                // A port found free was taken (by another test process) before the stack bound it: new ports.
                ((IDisposable)app).Dispose();
            }
        }
    }

    public Task<ValidatorResponse> SendAsync(ValidatorRequest request) => client.SendAsync(request);

    public void Dispose()
    {
        client.Dispose();
        app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
    }
}
