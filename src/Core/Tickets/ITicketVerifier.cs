using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tickets;

/// <summary>Checks a ticket against the answer, the Cognito user being signed in (its sign-out mark included) and
/// the pool and app client the sign-in is made with (Verify).</summary>
public interface ITicketVerifier
{
    /// <summary>Whether the ticket vouches for this answer, this user and this audience.</summary>
    ValueTask<TicketVerdict> CheckAsync(string? ticket, SalesforceSession answer, DirectoryUser user, TicketAudience audience);
}
