using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SfCognitoSso.Composition;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Hosts.Functions;

internal static class Program
{
    // A setting that is missing or wrong stops start-up with one line on stderr naming it, and exit code 1.
    private static Task<int> Main(string[] args) => StartupErrors.RunAsync(async () =>
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        await builder.Configuration.ResolveSsmReferencesAsync();
        builder.Services.AddSfCognitoSsoValidator(builder.Configuration);
        await builder.Build().RunAsync();
    }, Console.Error);
}
