using Azure.Core;
using Azure.Identity;
using SfCognitoSso.Adapters.Cognito;

namespace SfCognitoSso.Composition;

/// <summary>
/// The Azure side of keyless AWS access: an Entra ID token for <c>Cognito__WebIdentityAudience</c>, issued to the
/// host's managed identity (a Function App's system-assigned identity, or a user-assigned one named by
/// <c>AZURE_CLIENT_ID</c>). Azure.Identity caches and renews it; AWS trusts its issuer through an IAM OIDC provider.
/// </summary>
public sealed class ManagedIdentityTokenSource : IWebIdentityTokenSource
{
    private readonly TokenCredential credential = new ManagedIdentityCredential(
        Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } clientId
            ? ManagedIdentityId.FromUserAssignedClientId(clientId)
            : ManagedIdentityId.SystemAssigned);

    public async ValueTask<string> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([$"{audience}/.default"]), cancellationToken).ConfigureAwait(false);
        return token.Token;
    }
}
