namespace SfCognitoSso.Adapters.Cognito;

/// <summary><c>Exchange__ClientId</c>: the app client the token exchange signs users in with (off when unset), and
/// <c>Exchange__ClientSecret</c> when that client is confidential (as our Terraform makes it): its refresh tokens then
/// cannot be used from a browser, which never holds the secret.</summary>
public sealed class ExchangeOptions
{
    public const string Section = "Exchange";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
}
