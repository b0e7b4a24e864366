using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Adapters.Cognito;

public static class CognitoServiceCollectionExtensions
{
    /// <summary>Cognito's whole share of one validator request: no more than Salesforce's, so a validation stays
    /// well inside a client's patience even when both are slow.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    /// <summary>The token exchange's issuer, whatever the configuration says: for a host that gives
    /// <see cref="ExchangeOptions"/> in code (the local stack names its pool's app client).</summary>
    public static IServiceCollection AddCognitoTokenIssuer(this IServiceCollection services)
    {
        services.TryAddSingleton<ITokenIssuer, CognitoTokenIssuer>();
        return services;
    }

    /// <summary>
    /// The AWS credentials the Cognito adapter signs with (<c>Cognito__…</c>): role credentials for the platform's web
    /// identity token when <c>Cognito__RoleArn</c> is set (the host registers <see cref="IWebIdentityTokenSource"/>),
    /// else AWSSDK.Core's default chain. Also what a validator host reads its <c>ssm:</c> settings with.
    /// </summary>
    public static IServiceCollection AddCognitoCredentials(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CognitoOptions>().Bind(configuration.GetSection(CognitoOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CognitoOptions>, CognitoOptionsValidator>());
        if (configuration.GetSection(CognitoOptions.Section).Get<CognitoOptions>() is { UsesWebIdentity: true })
        {
            // Keyless: a web identity token from the platform (IWebIdentityTokenSource, registered by the host) for role credentials.
            services.TryAddSingleton<AWSCredentials, WebIdentityCredentials>();
        }

        services.TryAddSingleton<AWSCredentials>(_ => new DefaultChainCredentials());
        return services;
    }

    /// <summary>
    /// The Cognito <see cref="IIdentityDirectory"/> (<c>Directory__Provider=Cognito</c>), configured from
    /// <c>Cognito__…</c>. Requests are signed with SigV4 by AWSSDK.Core using its default credential chain unless an
    /// <see cref="AWSCredentials"/> is registered first.
    /// </summary>
    public static IServiceCollection AddCognitoDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCognitoCredentials(configuration);
        services.AddOptions<CognitoOptions>().CheckedAtStart();
        services.TryAddSingleton<CognitoApiClient>();
        services.TryAddKeyedSingleton<IMemoryCache>(CognitoIdentityDirectory.KnownUsersKey, (provider, _) => new MemoryCache(
            new MemoryCacheOptions
            {
                SizeLimit = CognitoIdentityDirectory.KnownUsersCapacity,
                Clock = new TimeProviderClock(provider.GetRequiredService<TimeProvider>()),
            }));
        services.TryAddSingleton<CognitoSignOutPacing>();
        services.TryAddSingleton<CognitoIdentityDirectory>();
        services.TryAddSingleton<IIdentityDirectory>(provider => provider.GetRequiredService<CognitoIdentityDirectory>());
        services.TryAddSingleton<Core.SignOut.ISignOutDirectory>(provider => provider.GetRequiredService<CognitoIdentityDirectory>());
        services.AddOptions<ExchangeOptions>().Bind(configuration.GetSection(ExchangeOptions.Section));
        if (configuration.GetSection(ExchangeOptions.Section).Get<ExchangeOptions>() is { Enabled: true })
        {
            services.AddCognitoTokenIssuer();
        }

        services.AddHttpClient(CognitoApiClient.HttpClientName, client =>
            {
                client.Timeout = Budget + TimeSpan.FromSeconds(1);
                client.MaxResponseContentBufferSize = 1024 * 1024;
                client.DefaultRequestVersion = HttpVersion.Version11;
            })
            // Signing sits below the retry handler so every attempt is signed afresh; redirects are never followed
            // because a redirected hop would go out unsigned.
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var cognito = provider.GetRequiredService<IOptions<CognitoOptions>>().Value;
                return new SigV4SigningHandler(
                    provider.GetRequiredService<AWSCredentials>(),
                    RegionEndpoint.GetBySystemName(cognito.ResolvedRegion),
                    "cognito-idp",
                    new SocketsHttpHandler
                    {
                        AllowAutoRedirect = false,
                        UseCookies = false,
                        ConnectTimeout = TimeSpan.FromSeconds(2),
                        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    });
            })
            // The factory's request logging would put signed headers (and any session token) in log state.
            .RemoveAllLoggers()
            .AddResilienceHandler("cognito", pipeline =>
            {
                pipeline.AddTimeout(Budget);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(100),
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = static arguments => arguments.Outcome switch
                    {
                        _ when arguments.Context.GetRequestMessage()?.Options.TryGetValue(CognitoApiClient.SingleUse, out var once) == true && once
                            => ValueTask.FromResult(false),
                        { Exception: HttpRequestException or TimeoutRejectedException } => ValueTask.FromResult(true),
                        { Result: { } response } => IsTransientAsync(response),
                        _ => ValueTask.FromResult(false),
                    },
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(2));
            });
        return services;
    }

    /// <summary>5xx, 429, and Cognito's throttling errors (which arrive as 400 with their name in the body).</summary>
    private static async ValueTask<bool> IsTransientAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 || status == 429)
        {
            return true;
        }

        if (status != 400)
        {
            return false;
        }

        if (CognitoApiClient.ErrorTypeHeader(response) is { } header)
        {
            return CognitoError.IsThrottling(CognitoError.ParseType(header, default));
        }

        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return CognitoError.IsThrottling(CognitoError.ParseType(null, body));
    }
}
