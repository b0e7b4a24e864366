using SfCognitoSso.Contracts;

namespace SfCognitoSso.Client;

/// <summary>
/// Where to sign in. Nothing has a default: a session sent to the wrong place is a leaked session, so the validator,
/// the pool and the app client are always named. <see cref="LocalStack"/> gives the local stack's, on request.
/// </summary>
public sealed class SfCognitoSsoClientOptions
{
    /// <summary>The validator, e.g. <c>https://sso.example.com</c> (http only on loopback).</summary>
    public Uri? ValidatorUrl { get; set; }

    /// <summary>The user pool, e.g. <c>eu-west-1_AbC123</c>.</summary>
    public string UserPoolId { get; set; } = string.Empty;

    /// <summary>The Cognito app client users sign in with (its CUSTOM_AUTH flow on, no client secret).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Cognito's endpoint; unset, the public endpoint of the pool's region
    /// (<c>https://cognito-idp.&lt;region&gt;.amazonaws.com/</c>).</summary>
    public Uri? CognitoEndpoint { get; set; }

    /// <summary>The local stack's (<c>dotnet run --project src/Hosts/Local</c>) validator, emulated pool and app client.</summary>
    public static SfCognitoSsoClientOptions LocalStack() => new()
    {
        ValidatorUrl = new Uri(LocalStackDefaults.ValidatorUrl),
        CognitoEndpoint = new Uri(LocalStackDefaults.CognitoUrl),
        UserPoolId = LocalStackDefaults.UserPoolId,
        ClientId = LocalStackDefaults.ClientId,
    };

    /// <summary>For each call (validator, InitiateAuth, RespondToAuthChallenge, …); the validator itself gives up on
    /// Salesforce and Cognito well inside 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The AWS region, read from <see cref="UserPoolId"/>.</summary>
    public string Region => CognitoIds.RegionOf(UserPoolId) ?? string.Empty;

    /// <summary><see cref="CognitoEndpoint"/>, or the region's Cognito endpoint when it is not set.</summary>
    public Uri ResolvedCognitoEndpoint => CognitoEndpoint ?? new Uri($"https://cognito-idp.{Region}.amazonaws.com/");

    /// <summary>Throws with a message naming the option when one cannot work.</summary>
    public void Validate()
    {
        if (!LoopbackHosts.IsHttpsOrLoopback(ValidatorUrl))
        {
            throw new ArgumentException("ValidatorUrl is required: an https URL (http only on loopback).", nameof(ValidatorUrl));
        }

        if (CognitoIds.RegionOf(UserPoolId) is null)
        {
            throw new ArgumentException("UserPoolId must look like eu-west-1_AbC123.", nameof(UserPoolId));
        }

        if (!CognitoIds.IsValidClientId(ClientId))
        {
            throw new ArgumentException("ClientId must be 1 to 128 letters, digits, '_' or '+'.", nameof(ClientId));
        }

        var cognito = ResolvedCognitoEndpoint;
        if (!LoopbackHosts.IsHttpsOrLoopback(cognito))
        {
            throw new ArgumentException("CognitoEndpoint must be an https URL (http only on loopback).", nameof(CognitoEndpoint));
        }

        if (LoopbackHosts.IsLoopback(cognito) && !LoopbackHosts.IsLoopback(ValidatorUrl))
        {
            // A deployed validator with a loopback Cognito is a mistake that would send the session to whatever listens here.
            throw new ArgumentException("CognitoEndpoint is on loopback but ValidatorUrl is not: leave CognitoEndpoint unset for the pool region's Cognito.", nameof(CognitoEndpoint));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeout must be positive.", nameof(Timeout));
        }
    }
}
