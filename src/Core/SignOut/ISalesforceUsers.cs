using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// Port: what Salesforce says of one of an org's users, asked where single sign-out runs (the events app's
/// token). Email mode needs it to find a user linked by email: the event names the Salesforce user, not the address.
/// </summary>
public interface ISalesforceUsers
{
    /// <summary>The user's email in Salesforce; null when Salesforce does not return the user or it has none.</summary>
    /// <exception cref="SalesforceUsersUnavailableException">Salesforce could not be asked.</exception>
    ValueTask<string?> EmailOfAsync(SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken);
}

/// <summary>Salesforce could not say; the sign-out is tried again.</summary>
public sealed class SalesforceUsersUnavailableException(string message) : Exception(message);
