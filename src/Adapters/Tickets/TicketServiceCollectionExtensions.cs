using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Tickets;

public static class TicketServiceCollectionExtensions
{
    /// <summary><c>Ticket__SigningKey</c> / <c>Ticket__PublicKeys__N</c>: signing on the validator, checking in Verify.
    /// Without either nothing is registered, so a host without tickets loads and builds none of this on its cold
    /// start (the flows then see no signer and no verifier).</summary>
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddTicketKeys(configuration);
        return configuration.GetSection(TicketKeyOptions.Section).Get<TicketKeyOptions>() is { Configured: true }
            ? services.AddTicketServices()
            : services;
    }

    /// <summary>Signing and checking on, whatever the configuration says: for a host that gives the keys in code
    /// (<c>PostConfigure&lt;TicketKeyOptions&gt;</c>), as the local stack does with a key pair made per run.</summary>
    public static IServiceCollection AddTicketServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JwsTickets>();
        services.TryAddSingleton<ITicketSigner>(provider => provider.GetRequiredService<JwsTickets>());
        services.TryAddSingleton<ITicketVerifier>(provider => provider.GetRequiredService<JwsTickets>());
        return services;
    }
}
