using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SfCognitoSso.Core.Directory;

namespace SfCognitoSso.Adapters.InMemory;

public static class InMemoryServiceCollectionExtensions
{
    /// <summary>Registers the in-memory user directory (<c>Directory__Provider=InMemory</c>).</summary>
    public static IServiceCollection AddInMemoryDirectory(this IServiceCollection services)
    {
        services.TryAddSingleton<InMemoryIdentityDirectory>();
        services.TryAddSingleton<IIdentityDirectory>(provider => provider.GetRequiredService<InMemoryIdentityDirectory>());
        services.TryAddSingleton<Core.SignOut.ISignOutDirectory>(provider => provider.GetRequiredService<InMemoryIdentityDirectory>());
        return services;
    }
}
