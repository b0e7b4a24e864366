using SfCognitoSso.Contracts;

namespace SfCognitoSso.Core.Configuration;

/// <summary>The rule for every configured outbound endpoint (Salesforce instances, the Cognito endpoint): https,
/// or plain http only to a loopback host (tests, the local stack). No credentials in the URL.</summary>
public static class OutboundEndpoints
{
    /// <summary>Whether a session may be sent to this URL: https, or http on loopback; never with user info in it.</summary>
    public static bool IsAllowed(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return LoopbackHosts.IsHttpsOrLoopback(uri) && uri.UserInfo.Length == 0;
    }
}
