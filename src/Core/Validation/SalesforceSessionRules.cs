using FluentValidation;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Validation;

/// <summary>Shape checks on a session before anything is done with it. Messages never echo the value.</summary>
internal sealed class SalesforceSessionRules : AbstractValidator<SalesforceSession>
{
    public SalesforceSessionRules()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(session => session)
            .Must(session => !session.IsEmpty)
            .WithMessage("The session ID is required.")
            .Must(session => session.Length <= Contracts.ValidatorRoutes.MaxSessionIdLength)
            .WithMessage($"The session ID is longer than {Contracts.ValidatorRoutes.MaxSessionIdLength} characters.")
            .Must(session => session.HasOnlyTokenCharacters())
            .WithMessage("The session ID contains spaces, control or non-ASCII characters.")
            .Must(session => session.TryGetOrgId(out _))
            .WithMessage("The session ID must start with a 15-character Salesforce org ID followed by '!'.")
            .OverridePropertyName("sessionId");
    }
}
