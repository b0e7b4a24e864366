using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// AWSSDK.Core's default credential chain (environment, profile, container, instance), resolved on first use
/// rather than at start-up: resolving can mean a metadata-service round trip, which a cold start should not pay
/// for a host that may never call Cognito. A failed resolution is retried on the next call.
/// </summary>
internal sealed class DefaultChainCredentials : AWSCredentials
{
    private readonly Lazy<AWSCredentials> resolved =
        new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(), LazyThreadSafetyMode.PublicationOnly);

    public override ImmutableCredentials GetCredentials() => resolved.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => resolved.Value.GetCredentialsAsync();
}
