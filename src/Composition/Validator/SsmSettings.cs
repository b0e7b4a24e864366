using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SfCognitoSso.Adapters.Cognito;
using SfCognitoSso.Adapters.Ssm;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Composition;

public static class SsmSettings
{
    /// <summary>
    /// On a validator host (Kestrel, Functions), settings whose value is <c>ssm:&lt;parameter name&gt;</c> replaced by
    /// the SecureString they name before anything reads them, as on Lambda — with the Cognito adapter's own credentials
    /// (the default chain, or the role its web identity assumes from Azure), in <c>AWS_REGION</c> or the Cognito pool's
    /// region. Nothing is called when no setting refers to SSM; a reference that cannot be read stops start-up with one
    /// line naming the setting, never the reference text used as the secret itself.
    /// </summary>
    public static async Task ResolveSsmReferencesAsync(
        this IConfigurationManager configuration, HttpMessageHandler? transport = null, AWSCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.AsEnumerable().Any(setting => setting.Value?.StartsWith(SsmParameterReferences.Prefix, StringComparison.Ordinal) == true))
        {
            return;
        }

        ServiceProvider? provider = null;
        try
        {
            if (credentials is null)
            {
                var services = new ServiceCollection();
                services.AddLogging();
                services.TryAddSingleton<IWebIdentityTokenSource, ManagedIdentityTokenSource>();
                services.AddCognitoCredentials(configuration);
                provider = services.BuildServiceProvider();
                credentials = provider.GetRequiredService<AWSCredentials>();
            }

            var region = configuration[$"{CognitoOptions.Section}:{nameof(CognitoOptions.Region)}"] is { Length: > 0 } cognitoRegion
                ? cognitoRegion
                : CognitoIds.RegionOf(configuration[$"{CognitoOptions.Section}:{nameof(CognitoOptions.UserPoolId)}"]);
            var resolved = await SsmParameterReferences.ResolveAsync(configuration, transport, credentials, region, cancellationToken).ConfigureAwait(false);
            configuration.AddInMemoryCollection(resolved);
        }
        finally
        {
            if (provider is not null)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
