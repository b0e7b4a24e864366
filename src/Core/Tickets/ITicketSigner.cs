namespace SfCognitoSso.Core.Tickets;

/// <summary>Signs tickets (the validator, holding <c>Ticket__SigningKey</c>); null when it holds no key.</summary>
public interface ITicketSigner
{
    string? Sign(TicketClaims claims);
}
