using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Composition;
using SfCognitoSso.Core.Configuration;

// A setting that is missing or wrong stops start-up with one line on stderr naming it, and exit code 1.
return await StartupErrors.RunAsync(async () =>
{
    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.Logging.ClearProviders().AddJsonConsole(json => json.IncludeScopes = false);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = 64 * 1024; // the endpoint itself refuses bodies over 8 KiB with a problem
    });
    await builder.Configuration.ResolveSsmReferencesAsync();
    builder.Services.AddSfCognitoSsoValidator(builder.Configuration).AddValidatorOpenApi();

    var app = builder.Build();
    app.MapValidatorEndpoints();
    await app.RunAsync();
}, Console.Error);

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
