using System.Diagnostics.CodeAnalysis;
using Mediator;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Flows;

/// <summary>Step 1 of sign-in: prove the Salesforce session and make sure its Cognito user exists. With
/// <paramref name="ExpectedUser"/> (the user a Canvas signed request names), Salesforce must name that user.</summary>
public sealed record ValidateSession(SalesforceSession Session, SalesforceId? ExpectedUser = null) : ICommand<ValidateSessionResult>;

/// <summary>The Cognito username to sign in with, or why not.</summary>
public sealed record ValidateSessionResult : IFlowResult<ValidateSessionResult>
{
    private ValidateSessionResult(string? username, string? email, bool created, Failure? failure) =>
        (Username, Email, Created, Failure) = (username, email, created, failure);

    public string? Username { get; }

    public string? Email { get; }

    public bool Created { get; }

    /// <summary>The Salesforce identity proved (for the validator's ticket).</summary>
    public SalesforceId OrgId { get; private init; }

    public SalesforceId UserId { get; private init; }

    public Failure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Username))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Username is not null;

    public static ValidateSessionResult Validated(string username, string? email, bool created, SalesforceId orgId, SalesforceId userId) =>
        new(username ?? throw new ArgumentNullException(nameof(username)), email, created, failure: null) { OrgId = orgId, UserId = userId };

    public static ValidateSessionResult Refused(Failure failure) =>
        new(username: null, email: null, created: false, failure ?? throw new ArgumentNullException(nameof(failure)));
}

public sealed partial class ValidateSessionHandler(
    SessionAuthenticator authenticator,
    UserProvisioning provisioning,
    ILogger<ValidateSessionHandler> logger) : ICommandHandler<ValidateSession, ValidateSessionResult>
{
    private static readonly Failure NotTheNamedUser = new(FailureReason.InvalidSession, "The session belongs to another user than the signed request names.");

    public async ValueTask<ValidateSessionResult> Handle(ValidateSession command, CancellationToken cancellationToken)
    {
        var validation = await authenticator.AuthenticateAsync(command.Session, cancellationToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return ValidateSessionResult.Refused(validation.Failure);
        }

        var identity = validation.Identity;
        if (command.ExpectedUser is { } expected && expected != identity.UserId)
        {
            return ValidateSessionResult.Refused(NotTheNamedUser);
        }

        var outcome = await provisioning.FindOrCreateAsync(identity, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            LogDirectoryRefused(identity.OrgId.Value, outcome.Failure.Reason);
            return ValidateSessionResult.Refused(outcome.Failure);
        }

        LogValidated(identity.OrgId.Value, outcome.Created);
        return ValidateSessionResult.Validated(outcome.User.Username, identity.Email, outcome.Created, identity.OrgId, identity.UserId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session for org {OrgId} validated; Cognito user created: {Created}")]
    private partial void LogValidated(string orgId, bool created);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session for org {OrgId} validated but the directory refused: {Reason}")]
    private partial void LogDirectoryRefused(string orgId, FailureReason reason);
}
