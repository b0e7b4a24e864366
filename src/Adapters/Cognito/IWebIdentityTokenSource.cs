namespace SfCognitoSso.Adapters.Cognito;

/// <summary>An OpenID Connect token for an audience, from the platform the validator runs on (on Azure: the
/// Function App's managed identity through Entra ID).</summary>
public interface IWebIdentityTokenSource
{
    ValueTask<string> GetTokenAsync(string audience, CancellationToken cancellationToken);
}
