using SfCognitoSso.Contracts;

namespace SfCognitoSso.Core.Configuration;

/// <summary>The rule for every configured outbound endpoint (Salesforce instances, the Cognito endpoint): https,
/// or plain http only to a loopback host (tests, the local stack). No credentials in the URL.</summary>
public static class OutboundEndpoints
{
    public static bool IsAllowed(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || uri.UserInfo.Length != 0)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && LoopbackHosts.IsLoopback(uri));
    }
}
