using System.Diagnostics.CodeAnalysis;
using Mediator;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Core.Flows;

/// <summary>The token exchange: step 1 of sign-in (<see cref="ValidateSession"/>, any kind of input), then the
/// directory's own sign-in with the proved session as the answer and the ticket beside it (<see cref="ITokenIssuer"/>),
/// in one call.</summary>
public sealed record ExchangeSession(SignInInput Input) : ICommand<ExchangeSessionResult>
{
    /// <summary>The exchange of a Salesforce session.</summary>
    public ExchangeSession(SalesforceSession session)
        : this(SignInInput.Of(session))
    {
    }
}

/// <summary>The directory's tokens, or why not.</summary>
public sealed record ExchangeSessionResult : IFlowResult<ExchangeSessionResult>
{
    private ExchangeSessionResult(IssuedTokens? tokens, Refusal? failure) => (Tokens, Refusal) = (tokens, failure);

    /// <summary>The directory's tokens, when issued.</summary>
    public IssuedTokens? Tokens { get; }

    /// <summary>Why not, when refused.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when <see cref="Tokens"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Tokens is not null;

    /// <summary>Tokens issued.</summary>
    public static ExchangeSessionResult Issued(IssuedTokens tokens) => new(tokens ?? throw new ArgumentNullException(nameof(tokens)), failure: null);

    /// <summary>Refused, and why.</summary>
    public static ExchangeSessionResult Refused(Refusal failure) => new(tokens: null, failure ?? throw new ArgumentNullException(nameof(failure)));
}

/// <remarks><c>issuer</c>: Null where no directory issues tokens (the exchange is off): every exchange is refused as
/// the directory being unavailable.</remarks>
internal sealed class ExchangeSessionHandler(ISender mediator, ITokenIssuer? issuer = null)
    : ICommandHandler<ExchangeSession, ExchangeSessionResult>
{
    public async ValueTask<ExchangeSessionResult> Handle(ExchangeSession command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (issuer is null)
        {
            return ExchangeSessionResult.Refused(Refusal.DirectoryUnavailable);
        }

        var validated = await mediator.Send(new ValidateSession(command.Input), cancellationToken).ConfigureAwait(false);
        if (!validated.Succeeded)
        {
            return ExchangeSessionResult.Refused(validated.Refusal);
        }

        // With a ticket, the directory's Verify trigger accepts the answer on it instead of asking Salesforce again.
        var issued = await issuer.IssueAsync(validated.Username, validated.Session, cancellationToken, validated.Ticket).ConfigureAwait(false);
        return issued.Succeeded ? ExchangeSessionResult.Issued(issued.Tokens) : ExchangeSessionResult.Refused(issued.Refusal);
    }
}
