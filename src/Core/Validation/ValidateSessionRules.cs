using FluentValidation;

namespace SfCognitoSso.Core.Validation;

public sealed class ValidateSessionRules : AbstractValidator<Flows.ValidateSession>
{
    public ValidateSessionRules(SalesforceSessionRules sessionRules)
    {
        RuleFor(command => command.Session).NotNull().SetValidator(sessionRules);
    }
}
