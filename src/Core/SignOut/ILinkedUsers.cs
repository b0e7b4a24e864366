using System.Collections.Concurrent;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// Port: Email mode's links, by Salesforce IDs — which directory user a Salesforce user signed in as when it was linked
/// by verified email to a user another provider made. Kept at every such sign-in, so single sign-out finds the user by
/// the IDs and not by an address that may have changed since (or that more than two users share).
/// </summary>
public interface ILinkedUsers
{
    /// <summary>Remembers the link (best effort: a link that could not be kept is found by email instead).</summary>
    ValueTask RememberAsync(SalesforceId orgId, SalesforceId userId, string username, CancellationToken cancellationToken);

    /// <summary>The username linked to this Salesforce user, or null when no link is known here.</summary>
    ValueTask<string?> FindAsync(SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken);
}

/// <summary>The links this process saw (a host with no shared store; lost at a restart, when email is the fallback).</summary>
public sealed class InProcessLinkedUsers : ILinkedUsers
{
    /// <summary>At most this many links are kept; past it the oldest are not replaced, and email is the fallback.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<(SalesforceId, SalesforceId), string> links = new();

    /// <inheritdoc/>
    public ValueTask RememberAsync(SalesforceId orgId, SalesforceId userId, string username, CancellationToken cancellationToken)
    {
        if (links.Count < Capacity || links.ContainsKey((orgId, userId)))
        {
            links[(orgId, userId)] = username;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<string?> FindAsync(SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(links.GetValueOrDefault((orgId, userId)));
}
