using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Tickets;

/// <summary>Checks a ticket against the answer and the Cognito user being signed in (Verify).</summary>
public interface ITicketVerifier
{
    ValueTask<TicketVerdict> CheckAsync(string? ticket, SalesforceSession answer, DirectoryUser user);
}
