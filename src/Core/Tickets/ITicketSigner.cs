namespace SfCognitoSso.Core.Tickets;

/// <summary>Signs tickets (the validator, holding <c>Ticket__SigningKey</c>); null when it holds no key.</summary>
public interface ITicketSigner
{
    /// <summary>A signed ticket for these claims; null where no signing key is configured.</summary>
    string? Sign(TicketClaims claims);
}
