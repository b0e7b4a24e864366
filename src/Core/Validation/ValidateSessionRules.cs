using FluentValidation;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Core.Validation;

/// <summary>A session is checked for shape before anything is done with it; a signed request only for size here, its
/// token once its signature holds.</summary>
internal sealed class ValidateSessionRules : AbstractValidator<Flows.ValidateSession>
{
    public ValidateSessionRules(SalesforceSessionRules sessionRules)
    {
        RuleFor(command => command.Input).NotNull();
        When(command => command.Input?.Kind == SignInInputKind.SalesforceSession, () =>
            RuleFor(command => command.Input.Session!).SetValidator(sessionRules));
        When(command => command.Input?.Kind == SignInInputKind.JwtAccessToken, () =>
            RuleFor(command => command.Input.Session!)
                .Must(IsAccessTokenShaped)
                .WithMessage($"The access token must be a JWT (three base64url parts) of at most {Contracts.ValidatorRoutes.MaxAccessTokenLength} characters.")
                .OverridePropertyName("accessToken"));
        When(command => command.Input?.Kind == SignInInputKind.CanvasSignedRequest, () =>
            RuleFor(command => command.Input.SignedRequest!)
                .Must(request => request.Value.Length is > 0 and <= Contracts.ValidatorRoutes.MaxSignedRequestLength)
                .WithMessage($"The signed request is required and at most {Contracts.ValidatorRoutes.MaxSignedRequestLength} characters.")
                .OverridePropertyName("signedRequest"));
    }

    /// <summary>Non-empty, within the cap, and a JWT's shape; what it says is the validator's to check.</summary>
    internal static bool IsAccessTokenShaped(SalesforceSession token) =>
        token.Length is > 0 and <= Contracts.ValidatorRoutes.MaxAccessTokenLength && token.HasOnlyTokenCharacters()
        && SignInInput.KindOfAnswer(token.Reveal()) == SignInInputKind.JwtAccessToken;
}
