using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Core.Tickets;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Email mode's links in Redis (<c>sfcognitosso:link:v1:&lt;org18&gt;:&lt;user18&gt;</c>), where the instance that reads
/// sign-out events finds the links every instance kept, signed with the validator's key so no one who can write Redis
/// can point a sign-out at another user (or away from one). Kept in the process as well; a store that fails costs only
/// the sharing (email is the fallback), never a sign-in.
/// </summary>
internal sealed partial class SharedLinkedUsers(IDistributedCache shared, TicketKeys keys, ILogger<SharedLinkedUsers> logger) : ILinkedUsers
{
    private readonly InProcessLinkedUsers own = new();

    public async ValueTask RememberAsync(SalesforceId orgId, SalesforceId userId, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        // Kept at every linked sign-in: Redis is written once per link and process, not on every sign-in's path.
        if (await own.FindAsync(orgId, userId, cancellationToken).ConfigureAwait(false) == username)
        {
            return;
        }

        await own.RememberAsync(orgId, userId, username, cancellationToken).ConfigureAwait(false);
        if (keys.Signer is not { } signer)
        {
            return;
        }

        try
        {
            var signature = signer.SignData(Signed(orgId, userId, username), HashAlgorithmName.SHA256);
            await shared.SetAsync(Key(orgId, userId), Encoding.UTF8.GetBytes($"{Convert.ToBase64String(signature)}.{username}"), new DistributedCacheEntryOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault("write", exception.GetType().Name);
        }
    }

    public async ValueTask<string?> FindAsync(SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken)
    {
        try
        {
            if (await shared.GetAsync(Key(orgId, userId), cancellationToken).ConfigureAwait(false) is { } stored
                && Encoding.UTF8.GetString(stored) is var text && text.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot)
            {
                var username = text[(dot + 1)..];
                if (keys.Verifies(Signed(orgId, userId, username), Convert.FromBase64String(text[..dot])))
                {
                    return username;
                }

                LogTampered(orgId.Value);
            }
        }
        catch (FormatException)
        {
            LogTampered(orgId.Value);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault("read", exception.GetType().Name);
        }

        return await own.FindAsync(orgId, userId, cancellationToken).ConfigureAwait(false);
    }

    private static string Key(SalesforceId orgId, SalesforceId userId) => $"link:v1:{orgId.Value}:{userId.Value}";

    private static byte[] Signed(SalesforceId orgId, SalesforceId userId, string username) =>
        Encoding.UTF8.GetBytes($"sfsso-link\n{orgId.Value}\n{userId.Value}\n{username}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email mode's link store failed a {Operation} ({ExceptionType}): the link is kept in this process, and sign-out falls back to the email")]
    private partial void LogStoreFault(string operation, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email mode's link for a user of org {OrgId} failed its integrity check (tampering, or a key mismatch between hosts); not used")]
    private partial void LogTampered(string orgId);
}
