using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SfCognitoSso.Hosts.Local.StandIn;

/// <summary>
/// The demo org's connected app for single sign-out (client credentials flow): its client ID and secret (made per run,
/// or <c>LocalStack__EventsClientSecret</c>), and the access tokens it issued, which the Pub/Sub stand-in accepts
/// until they are revoked.
/// </summary>
public sealed class StandInConnectedApp(string clientId, string clientSecret)
{
    private readonly ConcurrentDictionary<string, bool> tokens = new(StringComparer.Ordinal);

    public string ClientId => clientId;

    public string ClientSecret => clientSecret;

    /// <summary>A new access token for matching credentials; null otherwise.</summary>
    public string? Issue(string? givenId, string? givenSecret)
    {
        if (!Same(givenId, clientId) || !Same(givenSecret, clientSecret))
        {
            return null;
        }

        var token = "00DLOCAL!" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=');
        tokens[token] = true;
        return token;
    }

    public bool Accepts(string? token) => token is not null && tokens.ContainsKey(token);

    /// <summary>Every issued token stops working, as when an admin revokes the app's tokens (tests).</summary>
    public void RevokeAll() => tokens.Clear();

    private static bool Same(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));
}
