using System.Collections.Frozen;
using System.Globalization;
using Mediator;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Core.Flows;

/// <summary>Cognito's CreateAuthChallenge trigger: ask the client for its Salesforce session.</summary>
/// <param name="PreviousAttempts">How many answers this sign-in has already given.</param>
public sealed record CreateAuthChallenge(int PreviousAttempts) : ICommand<CreatedChallenge>;

/// <summary>
/// The challenge. Public parameters go to the client; private ones stay with Cognito for verify. Neither holds a
/// secret: the answer itself is checked against Salesforce, so nothing needs to be remembered between triggers.
/// </summary>
public sealed record CreatedChallenge(
    IReadOnlyDictionary<string, string> PublicParameters,
    IReadOnlyDictionary<string, string> PrivateParameters,
    string ChallengeMetadata,
    Refusal? Refusal) : IFlowResult<CreatedChallenge>
{
    /// <summary>A refused create, and why.</summary>
    public static CreatedChallenge Refused(Refusal failure) =>
        new(FrozenDictionary<string, string>.Empty, FrozenDictionary<string, string>.Empty, Challenge.Kind, failure);
}

internal sealed class CreateAuthChallengeHandler : ICommandHandler<CreateAuthChallenge, CreatedChallenge>
{
    private static readonly FrozenDictionary<string, string> PrivateParameters =
        new Dictionary<string, string>(StringComparer.Ordinal) { [Challenge.KindParameter] = Challenge.Kind }
            .ToFrozenDictionary(StringComparer.Ordinal);

    public ValueTask<CreatedChallenge> Handle(CreateAuthChallenge command, CancellationToken cancellationToken)
    {
        var publicParameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Challenge.KindParameter] = Challenge.Kind,
            [Challenge.AnswerParameter] = "Your current Salesforce session ID.",
            [Challenge.AttemptParameter] = (command.PreviousAttempts + 1).ToString(CultureInfo.InvariantCulture),
        };
        return ValueTask.FromResult(new CreatedChallenge(
            publicParameters, PrivateParameters, Challenge.Kind, Refusal: null));
    }
}
