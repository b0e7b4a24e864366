using System.Collections.Concurrent;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>The Cognito adapter as a host wires it, pointed at a given endpoint, counting every operation it sends
/// (each attempt, below the retry handler).</summary>
internal sealed class CognitoHarness : IDisposable
{
    public const string Region = "eu-west-1";
    public const string AccessKey = "AKIDEXAMPLE";

    private readonly ServiceProvider provider;

    public CognitoHarness(
        string serviceUrl,
        string userPoolId,
        IdentityKey identityKey = IdentityKey.SalesforceUserId,
        TimeProvider? timeProvider = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        AWSCredentials? credentials = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cognito:UserPoolId"] = userPoolId,
            ["Cognito:Region"] = Region,
            ["Cognito:ServiceUrl"] = serviceUrl,
            ["Identity:Key"] = identityKey.ToString(),
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.Section));
        services.AddSingleton(credentials ?? new BasicAWSCredentials(AccessKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddCognitoDirectory(configuration);
        services.AddSingleton<UserProvisioning>();
        services.AddHttpClient(CognitoApiClient.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(Operations));
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public ConcurrentQueue<string> Operations { get; } = new();

    public CognitoIdentityDirectory Directory => provider.GetRequiredService<CognitoIdentityDirectory>();

    /// <summary>Core's find-or-create policy over this directory, as the validator runs it.</summary>
    public UserProvisioning Provisioning => provider.GetRequiredService<UserProvisioning>();

    public CognitoApiClient Client => provider.GetRequiredService<CognitoApiClient>();

    /// <summary>The token exchange's issuer (present when <c>Exchange:ClientId</c> is set).</summary>
    public Core.Tokens.ITokenIssuer Issuer => provider.GetRequiredService<Core.Tokens.ITokenIssuer>();

    public Core.SignOut.ISignOutDirectory SignOut => provider.GetRequiredService<Core.SignOut.ISignOutDirectory>();

    public FakeLogCollector Logs => provider.GetFakeLogCollector();

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public void Dispose() => provider.Dispose();

    private sealed class CountingHandler(ConcurrentQueue<string> operations) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.Single() : "?";
            operations.Enqueue(target[CognitoApiClient.TargetPrefix.Length..]);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
