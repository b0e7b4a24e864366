using Mediator;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Flows;

/// <summary>Step 1 of sign-in: prove the Salesforce session and make sure its Cognito user exists.</summary>
public sealed record ValidateSession(SalesforceSession Session) : ICommand<ValidateSessionResult>;

public sealed record ValidateSessionResult(string? Username, string? Email, bool Created, Failure? Failure)
    : IFlowResult<ValidateSessionResult>
{
    public static ValidateSessionResult Refused(Failure failure) => new(Username: null, Email: null, Created: false, failure);
}

public sealed partial class ValidateSessionHandler(
    SessionAuthenticator authenticator,
    IIdentityDirectory directory,
    ILogger<ValidateSessionHandler> logger) : ICommandHandler<ValidateSession, ValidateSessionResult>
{
    public async ValueTask<ValidateSessionResult> Handle(ValidateSession command, CancellationToken cancellationToken)
    {
        var validation = await authenticator.AuthenticateAsync(command.Session, cancellationToken).ConfigureAwait(false);
        if (validation.Identity is not { } identity)
        {
            return ValidateSessionResult.Refused(validation.Failure ?? Failure.SalesforceUnavailable);
        }

        var outcome = await directory.FindOrCreateAsync(identity, cancellationToken).ConfigureAwait(false);
        if (outcome.User is not { } user)
        {
            var failure = outcome.Failure ?? Failure.DirectoryUnavailable;
            LogDirectoryRefused(identity.OrgId.Value, failure.Reason);
            return ValidateSessionResult.Refused(failure);
        }

        LogValidated(identity.OrgId.Value, outcome.Created);
        return new ValidateSessionResult(user.Username, identity.Email, outcome.Created, Failure: null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session for org {OrgId} validated; Cognito user created: {Created}")]
    private partial void LogValidated(string orgId, bool created);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session for org {OrgId} validated but the directory refused: {Reason}")]
    private partial void LogDirectoryRefused(string orgId, FailureReason reason);
}
