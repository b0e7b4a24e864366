using System.Diagnostics.CodeAnalysis;
using Mediator;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.Tickets;
using SfCognitoSso.Core.Tokens;

namespace SfCognitoSso.Core.Flows;

/// <summary>The token exchange: step 1 of sign-in (<see cref="ValidateSession"/>), then the directory's own sign-in
/// with the session as the answer (<see cref="ITokenIssuer"/>), in one call. With <paramref name="ExpectedUser"/> (the
/// user a Canvas signed request names), Salesforce must name that user.</summary>
public sealed record ExchangeSession(SalesforceSession Session, SalesforceId? ExpectedUser = null) : ICommand<ExchangeSessionResult>;

/// <summary>The directory's tokens, or why not.</summary>
public sealed record ExchangeSessionResult : IFlowResult<ExchangeSessionResult>
{
    private ExchangeSessionResult(IssuedTokens? tokens, Failure? failure) => (Tokens, Failure) = (tokens, failure);

    public IssuedTokens? Tokens { get; }

    public Failure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Tokens))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Tokens is not null;

    public static ExchangeSessionResult Issued(IssuedTokens tokens) => new(tokens ?? throw new ArgumentNullException(nameof(tokens)), failure: null);

    public static ExchangeSessionResult Refused(Failure failure) => new(tokens: null, failure ?? throw new ArgumentNullException(nameof(failure)));
}

/// <param name="issuer">Null where no directory issues tokens (the exchange is off): every exchange is refused as
/// the directory being unavailable.</param>
/// <param name="tickets">Null where the validator signs no tickets; with one, the directory's Verify trigger accepts
/// the answer on it instead of asking Salesforce a second time.</param>
public sealed class ExchangeSessionHandler(ISender mediator, ITokenIssuer? issuer = null, ITicketSigner? tickets = null)
    : ICommandHandler<ExchangeSession, ExchangeSessionResult>
{
    public async ValueTask<ExchangeSessionResult> Handle(ExchangeSession command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (issuer is null)
        {
            return ExchangeSessionResult.Refused(Failure.DirectoryUnavailable);
        }

        var validated = await mediator.Send(new ValidateSession(command.Session, command.ExpectedUser), cancellationToken).ConfigureAwait(false);
        if (!validated.Succeeded)
        {
            return ExchangeSessionResult.Refused(validated.Failure);
        }

        var ticket = tickets?.Sign(TicketClaims.For(command.Session, validated));
        var issued = await issuer.IssueAsync(validated.Username, command.Session, cancellationToken, ticket).ConfigureAwait(false);
        return issued.Succeeded ? ExchangeSessionResult.Issued(issued.Tokens) : ExchangeSessionResult.Refused(issued.Failure);
    }
}
