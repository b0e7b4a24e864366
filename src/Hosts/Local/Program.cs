using SfCognitoSso.Composition;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Hosts.Local;

// A setting that is missing or wrong stops start-up with one line on stderr naming it, and exit code 1.
return await StartupErrors.RunAsync(async () =>
{
    var app = LocalStackHost.Build(args);
    await LocalStackHost.StartAsync(app);
    Banner.Write(Console.Out, app.Services);
    await app.WaitForShutdownAsync();
}, Console.Error);
