using FluentValidation;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Validation;

/// <summary>Shape checks on a session before anything is done with it. Messages never echo the value.</summary>
public sealed class SalesforceSessionRules : AbstractValidator<SalesforceSession>
{
    public SalesforceSessionRules()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(session => session)
            .Must(session => !session.IsEmpty)
            .WithMessage("The session ID is required.")
            .Must(session => session.Length <= SalesforceSession.MaxLength)
            .WithMessage($"The session ID is longer than {SalesforceSession.MaxLength} characters.")
            .Must(session => session.HasOnlyTokenCharacters())
            .WithMessage("The session ID contains spaces, control or non-ASCII characters.")
            .Must(session => session.TryGetOrgId(out _))
            .WithMessage("The session ID must start with a 15-character Salesforce org ID followed by '!'.")
            .OverridePropertyName("sessionId");
    }
}

public sealed class ValidateSessionRules : AbstractValidator<Flows.ValidateSession>
{
    public ValidateSessionRules(SalesforceSessionRules sessionRules)
    {
        RuleFor(command => command.Session).NotNull().SetValidator(sessionRules);
    }
}

public sealed class VerifyAuthChallengeRules : AbstractValidator<Flows.VerifyAuthChallenge>
{
    public VerifyAuthChallengeRules(SalesforceSessionRules sessionRules)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(command => command.User).NotNull().WithMessage("The user is required.");
        RuleFor(command => command.User.Username).NotEmpty().WithMessage("The username is required.");
        RuleFor(command => command.Answer).NotNull().SetValidator(sessionRules);
    }
}

public sealed class DefineAuthChallengeRules : AbstractValidator<Flows.DefineAuthChallenge>
{
    public DefineAuthChallengeRules()
    {
        RuleFor(command => command.History).NotNull().WithMessage("The session history is required.");
    }
}

public sealed class CreateAuthChallengeRules : AbstractValidator<Flows.CreateAuthChallenge>
{
    public CreateAuthChallengeRules()
    {
        RuleFor(command => command.PreviousAttempts).GreaterThanOrEqualTo(0)
            .WithMessage("The number of previous attempts cannot be negative.");
    }
}
