using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>The Kestrel host's real Program under WebApplicationFactory, settings given as host settings.</summary>
internal sealed class KestrelValidatorHost : IValidatorHost
{
    private readonly WebApplicationFactory<Program> factory;
    private readonly FakeLogCollector logs = new();

    public KestrelValidatorHost(IReadOnlyDictionary<string, string?> settings)
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace)
                .AddProvider(new FakeLoggerProvider(logs)));
            // Never let a test reach for AWS's credential chain (it would try the instance metadata address).
            web.ConfigureTestServices(services => services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDEXAMPLE", "secret")));
        });
    }

    public IReadOnlyList<string> Logs => LogText.Of(logs);

    public WebApplicationFactory<Program> Factory => factory;

    public async Task<ValidatorResponse> SendAsync(ValidatorRequest request)
    {
        var context = await factory.Server.SendAsync(http =>
        {
            http.Request.Method = request.Method;
            http.Request.Path = request.Path;
            http.Connection.RemoteIpAddress = request.RemoteAddress ?? IPAddress.Loopback;
            foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
            {
                http.Request.Headers[name] = value;
            }

            if (request.ContentType is not null)
            {
                http.Request.ContentType = request.ContentType;
            }

            if (request.Body is not null)
            {
                http.Request.Body = new MemoryStream(request.Body);
                http.Request.ContentLength = request.DeclareLength ? request.Body.Length : null;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return new ValidatorResponse(
            context.Response.StatusCode,
            context.Response.ContentType,
            context.Response.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync());
    }

    public void Dispose() => factory.Dispose();
}
