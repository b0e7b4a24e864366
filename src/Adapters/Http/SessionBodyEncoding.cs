namespace SfCognitoSso.Adapters.Http;

/// <summary>How an endpoint's body is encoded; each accepts its media type only.</summary>
public enum SessionBodyEncoding
{
    /// <summary><c>application/json</c> or any <c>+json</c> type.</summary>
    Json,

    /// <summary><c>application/x-www-form-urlencoded</c>.</summary>
    Form,
}
