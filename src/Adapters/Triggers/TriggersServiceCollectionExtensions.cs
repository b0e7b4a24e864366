using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SfCognitoSso.Adapters.Triggers;

public static class TriggersServiceCollectionExtensions
{
    /// <summary>The Cognito trigger event adapter (needs the Core registered).</summary>
    public static IServiceCollection AddCognitoTriggers(this IServiceCollection services)
    {
        services.TryAddSingleton<CognitoTriggerHandler>();
        return services;
    }
}
