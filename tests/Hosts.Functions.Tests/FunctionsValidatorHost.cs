using System.Net;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Composition;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Functions.Tests;

/// <summary>
/// The Azure Functions host's function class, composed as its Program composes it and invoked the way the
/// Functions ASP.NET Core integration invokes it: an <see cref="HttpRequest"/> in, an <see cref="IResult"/>
/// executed against the same <see cref="HttpContext"/>. The Functions runtime itself cannot run here.
/// </summary>
internal sealed class FunctionsValidatorHost : IValidatorHost
{
    private readonly ServiceProvider services;
    private readonly ValidatorFunctions functions;
    private readonly FakeLogCollector logs = new();

    public FunctionsValidatorHost(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        collection.AddSingleton<AWSCredentials>(new BasicAWSCredentials("AKIDEXAMPLE", "secret"));
        collection.AddSfCognitoSsoValidator(configuration);
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        functions = ActivatorUtilities.CreateInstance<ValidatorFunctions>(services);
    }

    public IReadOnlyList<string> Logs => LogText.Of(logs);

    public async Task<ValidatorResponse> SendAsync(ValidatorRequest request)
    {
        using var scope = services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = request.Method;
        context.Request.Path = request.Path;
        context.Connection.RemoteIpAddress = request.RemoteAddress ?? IPAddress.Loopback;
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        context.Request.ContentType = request.ContentType;
        if (request.Body is not null)
        {
            context.Request.Body = new MemoryStream(request.Body);
            context.Request.ContentLength = request.DeclareLength ? request.Body.Length : null;
        }

        using var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        var result = (request.Method, request.Path) switch
        {
            ("POST", "/v1/sessions/validate") => await functions.ValidateSession(context.Request),
            ("OPTIONS", "/v1/sessions/validate") => functions.ValidateSessionPreflight(context.Request),
            ("POST", "/oauth2/token") => await functions.TokenExchange(context.Request),
            ("OPTIONS", "/oauth2/token") => functions.TokenExchangePreflight(context.Request),
            ("GET", "/healthz") => functions.Health(context.Request),
            ("GET", "/openapi/v1.json") => functions.OpenApi(context.Request),
            _ => TypedResults.NotFound(),
        };
        await result.ExecuteAsync(context);

        return new ValidatorResponse(
            context.Response.StatusCode,
            context.Response.ContentType,
            context.Response.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            System.Text.Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    public void Dispose() => services.Dispose();
}
