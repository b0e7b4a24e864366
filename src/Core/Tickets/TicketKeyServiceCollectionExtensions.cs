using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Core.Tickets;

/// <summary>Registers the ticket keys and their checks.</summary>
public static class TicketKeyServiceCollectionExtensions
{
    /// <summary><c>Ticket__…</c> bound once, however many adapters need the keys (a list bound twice would double).</summary>
    public static IServiceCollection AddTicketKeys(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Has<TicketKeysBound>())
        {
            return services;
        }

        services.AddSingleton<TicketKeysBound>();
        services.TryAddSingleton<TicketKeys>();
        services.AddOptions<TicketKeyOptions>().Bind(configuration.GetSection(TicketKeyOptions.Section)).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TicketKeyOptions>, TicketKeyOptionsValidator>());
        return services;
    }

    private sealed class TicketKeysBound;
}
