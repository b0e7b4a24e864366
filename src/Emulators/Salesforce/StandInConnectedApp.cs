using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// The demo org's connected app for single sign-out (client credentials flow): its client ID and secret (made per run,
/// or <c>LocalStack__EventsClientSecret</c>), and the access tokens it issued, which the Pub/Sub stand-in accepts
/// until they are revoked.
/// </summary>
public sealed class StandInConnectedApp(string clientId, string clientSecret)
{
    private readonly ConcurrentDictionary<string, bool> tokens = new(StringComparer.Ordinal);
    private TaskCompletionSource refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int issued;

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref issued);

    /// <summary>Completes at the next refused request (tests).</summary>
    public Task NextRefusal => Volatile.Read(ref refused).Task;

    public string ClientId => clientId;

    public string ClientSecret => clientSecret;

    /// <summary>A new access token for matching credentials; null otherwise.</summary>
    public string? Issue(string? givenId, string? givenSecret)
    {
        if (!Same(givenId, clientId) || !Same(givenSecret, clientSecret))
        {
            Interlocked.Exchange(ref refused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
            return null;
        }

        Interlocked.Increment(ref issued);

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
