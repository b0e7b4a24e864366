using FluentValidation;

namespace SfCognitoSso.Core.Validation;

internal sealed class DefineAuthChallengeRules : AbstractValidator<Flows.DefineAuthChallenge>
{
    public DefineAuthChallengeRules()
    {
        RuleFor(command => command.History).NotNull().WithMessage("The session history is required.");
    }
}
