using FluentValidation;

namespace SfCognitoSso.Core.Validation;

internal sealed class VerifyAuthChallengeRules : AbstractValidator<Flows.VerifyAuthChallenge>
{
    public VerifyAuthChallengeRules(SalesforceSessionRules sessionRules)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(command => command.User).NotNull().WithMessage("The user is required.");
        RuleFor(command => command.User.Username).NotEmpty().WithMessage("The username is required.");
        RuleFor(command => command.Answer).NotNull().SetValidator(sessionRules);
    }
}
