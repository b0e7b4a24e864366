namespace SfCognitoSso.Core.Tickets;

/// <summary>How a ticket checked out. Anything but <see cref="Accepted"/> means: take the normal path.</summary>
public enum TicketVerdict
{
    /// <summary>Signed by a configured key, unexpired, made after the user's last sign-out, for this session, this
    /// user, this org and user, this pool and app client.</summary>
    Accepted,

    /// <summary>None, expired, an unknown key, made before the user's sign-out, or for another session, user, pool or
    /// client: no proof, no harm.</summary>
    Unusable,

    /// <summary>A known key's signature does not hold: someone altered it. Counted and logged.</summary>
    Tampered,
}
