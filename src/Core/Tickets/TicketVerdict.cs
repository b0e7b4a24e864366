namespace SfCognitoSso.Core.Tickets;

/// <summary>How a ticket checked out. Anything but <see cref="Accepted"/> means: take the normal path.</summary>
public enum TicketVerdict
{
    /// <summary>Signed by a configured key, unexpired, for this session, this user, this org and user.</summary>
    Accepted,

    /// <summary>None, expired, an unknown key, or for another session or user: no proof, no harm.</summary>
    Unusable,

    /// <summary>A known key's signature does not hold: someone altered it. Counted and logged.</summary>
    Tampered,
}
