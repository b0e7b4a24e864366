using FluentValidation;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Validation;

internal sealed class VerifyAuthChallengeRules : AbstractValidator<Flows.VerifyAuthChallenge>
{
    public VerifyAuthChallengeRules(SalesforceSessionRules sessionRules)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(command => command.User).NotNull().WithMessage("The user is required.");
        RuleFor(command => command.User.Username).NotEmpty().WithMessage("The username is required.");
        RuleFor(command => command.Answer).NotNull();
        When(command => command.Answer is not null && SignInInput.KindOfAnswer(command.Answer.Reveal()) == SignInInputKind.JwtAccessToken, () =>
            RuleFor(command => command.Answer)
                .Must(ValidateSessionRules.IsAccessTokenShaped)
                .WithMessage($"The answer is a JWT longer than {Contracts.ValidatorRoutes.MaxAccessTokenLength} characters or not one at all."))
            .Otherwise(() => RuleFor(command => command.Answer).SetValidator(sessionRules));
    }
}
