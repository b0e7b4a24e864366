using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Client;

/// <summary>Registers <see cref="SfCognitoSsoClient"/> with its named <see cref="System.Net.Http.HttpClient"/>.</summary>
public static class ClientServiceCollectionExtensions
{
    /// <summary>Registers <see cref="SfCognitoSsoClient"/> on a named <see cref="IHttpClientFactory"/> client.</summary>
    public static IHttpClientBuilder AddSfCognitoSsoClient(this IServiceCollection services, Action<SfCognitoSsoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SfCognitoSsoClientOptions>().Configure(configure).Validate(
            options =>
            {
                options.Validate();
                return true;
            });
        services.AddTransient(provider => new SfCognitoSsoClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(SfCognitoSsoClient.HttpClientName),
            provider.GetRequiredService<IOptions<SfCognitoSsoClientOptions>>().Value,
            provider.GetService<ILogger<SfCognitoSsoClient>>()));
        return services.AddHttpClient(SfCognitoSsoClient.HttpClientName)
            // The factory's request logging would put URLs and headers in log state; ours says what matters.
            .RemoveAllLoggers();
    }
}
