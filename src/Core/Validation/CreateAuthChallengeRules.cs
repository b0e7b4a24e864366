using FluentValidation;

namespace SfCognitoSso.Core.Validation;

internal sealed class CreateAuthChallengeRules : AbstractValidator<Flows.CreateAuthChallenge>
{
    public CreateAuthChallengeRules()
    {
        RuleFor(command => command.PreviousAttempts).GreaterThanOrEqualTo(0)
            .WithMessage("The number of previous attempts cannot be negative.");
    }
}
