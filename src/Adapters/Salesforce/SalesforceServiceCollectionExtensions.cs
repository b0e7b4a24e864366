using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using StackExchange.Redis;

namespace SfCognitoSso.Adapters.Salesforce;

public static class SalesforceServiceCollectionExtensions
{
    /// <summary>
    /// The Salesforce <see cref="ISessionValidator"/>: orgs, endpoint and API version from <c>Salesforce__…</c>,
    /// resilience tuned to Cognito's 5 s trigger budget, and the validation cache from <c>Cache__…</c>.
    /// </summary>
    public static IServiceCollection AddSalesforceSessionValidator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSalesforceSettings(configuration);
        services.AddMetrics();
        services.TryAddSingleton<SalesforceInstances>();
        services.TryAddSingleton<SalesforceTelemetry>();
        services.TryAddSingleton<SalesforceSessionValidator>();
        services.TryAddSingleton<OrgSigningKeys>();
        services.TryAddSingleton<IAccessTokenValidator, SalesforceAccessTokens>();

        services.AddHttpClient(SalesforceSessionValidator.HttpClientName, client =>
            {
                client.MaxResponseContentBufferSize = SalesforceSessionValidator.MaxResponseBytes;
                client.Timeout = SalesforceSessionValidator.Budget + TimeSpan.FromSeconds(1);
                client.DefaultRequestVersion = HttpVersion.Version11;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(2),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The factory's own request logging puts raw header values (the bearer session) in its structured
            // state even when the text is redacted; this adapter logs what matters itself.
            .RemoveAllLoggers()
            .AddResilienceHandler("salesforce", ConfigureResilience)
            // One pipeline, and so one circuit breaker, per org instance: one org's outage must not refuse the others.
            .SelectPipelineByAuthority();

        var cache = configuration.GetSection(ValidationCacheOptions.Section).Get<ValidationCacheOptions>() ?? new();
        if (cache.TtlSeconds <= 0)
        {
            services.TryAddSingleton<ISessionValidator>(provider => provider.GetRequiredService<SalesforceSessionValidator>());
            return services;
        }

        services.AddMemoryCache();
        if (string.IsNullOrWhiteSpace(cache.Redis))
        {
            services.TryAddSingleton(provider => new ValidationCache(provider.GetRequiredService<IMemoryCache>()));
        }
        else
        {
            services.AddStackExchangeRedisCache(redis =>
            {
                redis.InstanceName = SignOutMarkFeed.SharedKeyPrefix;
                redis.ConfigurationOptions = RedisOptions(cache.Redis);
            });
            services.TryAddSingleton(provider => new ValidationCache(
                provider.GetRequiredService<IMemoryCache>(), provider.GetRequiredService<IDistributedCache>()));
            // Email mode's links go where every instance, the sign-out reader included, finds them.
            services.AddSingleton<Core.SignOut.ILinkedUsers>(provider => new SharedLinkedUsers(
                provider.GetRequiredService<IDistributedCache>(), provider.GetRequiredService<Core.Tickets.TicketKeys>(),
                provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SharedLinkedUsers>>()));
        }

        services.TryAddSingleton<SignedValidationCache>();
        services.TryAddSingleton<CachedSessionValidator>();
        services.TryAddSingleton<ISessionValidator>(provider => provider.GetRequiredService<CachedSessionValidator>());
        services.TryAddSingleton<Core.SignOut.ISessionRevocations>(provider => provider.GetRequiredService<CachedSessionValidator>());
        return services;
    }

    /// <summary>
    /// For a long-running validator host: sign-out marks pushed to this instance (<see cref="SignOutMarkFeed"/>), so a
    /// cached validation reads no mark from Redis. Not for a Lambda function: a frozen process hears nothing and cannot
    /// tell.
    /// </summary>
    public static IServiceCollection AddSignOutMarkFeed(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var cache = configuration.GetSection(ValidationCacheOptions.Section).Get<ValidationCacheOptions>() ?? new();
        if (cache.TtlSeconds > 0 && !string.IsNullOrWhiteSpace(cache.Redis))
        {
            services.TryAddSingleton<SignOutMarkFeed>();
        }

        return services;
    }

    /// <summary>
    /// The adapter's settings alone — orgs, endpoint, API version, cache, ticket keys — bound and checked exactly as
    /// the adapter reads them, once however often asked: for a composition that checks every setting at start-up and
    /// composes the adapter itself only when it is first needed (one function serving every trigger).
    /// </summary>
    public static IServiceCollection AddSalesforceSettings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Has<SalesforceSettingsBound>())
        {
            return services;
        }

        services.AddSingleton<SalesforceSettingsBound>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddTrustedOrgs(configuration);
        services.AddOptions<SalesforceOptions>().Bind(configuration.GetSection(SalesforceOptions.Section)).CheckedAtStart();
        services.AddOptions<ValidationCacheOptions>().Bind(configuration.GetSection(ValidationCacheOptions.Section)).CheckedAtStart();
        services.AddTicketKeys(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SalesforceOptions>, SalesforceOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ValidationCacheOptions>, ValidationCacheOptionsValidator>());
        return services;
    }

    /// <summary>
    /// The standard resilience pipeline's strategies, in its order, tuned to Cognito's 5 s trigger budget: the whole
    /// validation (body included) within 4 s; one retry on transient faults only (5xx, 408, 429, network, timeout —
    /// never 401/403), with Retry-After ignored because no wait fits the budget; a circuit breaker (per instance, see
    /// SelectPipelineByAuthority); each attempt 2 s.
    /// The standard pipeline's concurrency limiter is left out: callers are already rate limited per client, and it
    /// cost every request a lease.
    /// </summary>
    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline.AddTimeout(SalesforceSessionValidator.Budget);
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.FromMilliseconds(50),
            UseJitter = true,
            ShouldRetryAfterHeader = false,
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { SamplingDuration = TimeSpan.FromSeconds(30) });
        pipeline.AddTimeout(TimeSpan.FromSeconds(2));
    }

    /// <summary>A cache must never cost more than it saves: short timeouts, and no failure at start-up when Redis
    /// is down (the validator then simply asks Salesforce).</summary>
    private static ConfigurationOptions RedisOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 500);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 500);
        options.ConnectRetry = 1;
        return options;
    }

    private sealed class SalesforceSettingsBound;
}
