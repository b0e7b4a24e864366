using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SfCognitoSso.Composition;

namespace SfCognitoSso.Hosts.Functions;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSfCognitoSsoValidator(builder.Configuration);
        var host = builder.Build();
        return StartupErrors.RunAsync(() => host.RunAsync(), Console.Error);
    }
}
