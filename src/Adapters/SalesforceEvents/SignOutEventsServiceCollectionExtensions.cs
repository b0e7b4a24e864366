using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.SalesforceEvents;

public static class SignOutEventsServiceCollectionExtensions
{
    /// <summary>
    /// Single sign-out, on when any trusted org has <c>Salesforce__Orgs__N__Events__ClientId</c> (a host that gives orgs
    /// in code passes <paramref name="force"/>); off otherwise, and then nothing of it is registered. Replay positions
    /// go to Redis, signed, when <c>Cache__Redis</c> is set and this host holds <c>Ticket__SigningKey</c>.
    /// </summary>
    public static IServiceCollection AddSalesforceSignOutEvents(this IServiceCollection services, IConfiguration configuration, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var orgs = configuration.GetSection(TrustedOrgsOptions.Section).Get<TrustedOrgsOptions>() ?? new();
        if (!force && !orgs.Orgs.Any(org => org.Events.Enabled))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<SignOutEventsOptions>().Bind(configuration.GetSection(SignOutEventsOptions.Section))
            .Configure(options => options.FunctionsPlan = configuration["WEBSITE_SKU"]).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignOutEventsOptions>, SignOutEventsOptionsValidator>());
        services.AddHttpClient(OrgAccessTokens.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
            .RemoveAllLoggers();
        services.AddHttpClient(SalesforceUserStatus.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
            .RemoveAllLoggers();
        services.TryAddSingleton(provider => new SalesforceUserStatus(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<OrgAccessTokens>(),
            provider.GetRequiredService<TrustedOrgs>(),
            provider.GetRequiredService<IOptions<TrustedOrgsOptions>>(),
            configuration["Salesforce:ApiVersion"] is { Length: > 0 } version ? version : "v62.0"));
        services.TryAddSingleton<Core.SignOut.ISalesforceUsers>(provider => provider.GetRequiredService<SalesforceUserStatus>());
        services.TryAddSingleton<SfCognitoSso.Core.SignOut.SignOutMarksInUse>();
        services.TryAddSingleton<OrgAccessTokens>();
        services.TryAddSingleton<EventSchemas>();
        services.TryAddSingleton<SignOutTelemetry>();
        services.AddTicketKeys(configuration);
        // Replay positions and parked sign-outs go to Redis when the validation cache uses it.
        IDistributedCache? SharedStore(IServiceProvider provider) =>
            string.IsNullOrWhiteSpace(configuration["Cache:Redis"]) ? null : provider.GetService<IDistributedCache>();

        var deployment = SignOutDeployment.Of(configuration);
        services.TryAddSingleton(deployment);
        services.TryAddSingleton(provider => new ReplayPositions(
            provider.GetRequiredService<TicketKeys>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ReplayPositions>>(),
            SharedStore(provider),
            provider.GetRequiredService<SignOutTelemetry>(),
            deployment));
        services.TryAddSingleton(provider => new ParkedSignOuts(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ParkedSignOuts>>(),
            SharedStore(provider),
            deployment));
        if (!string.IsNullOrWhiteSpace(configuration["Cache:Redis"]))
        {
            services.TryAddSingleton(provider => new SubscriptionLeases(
                configuration["Cache:Redis"]!, deployment, provider.GetRequiredService<TicketKeys>(), provider.GetRequiredService<TimeProvider>()));
        }

        services.TryAddSingleton<SingleSignOutHealth>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Core.Health.IComponentHealth, SingleSignOutHealth>(provider => provider.GetRequiredService<SingleSignOutHealth>()));
        services.TryAddSingleton<EventSignOuts>();
        services.TryAddSingleton<SweepRequests>();
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<UserSweep>(provider, configuration["Salesforce:ApiVersion"] is { Length: > 0 } sweepVersion ? sweepVersion : "v62.0"));
        services.AddHostedService<SignOutSubscriber>();
        return services;
    }
}
