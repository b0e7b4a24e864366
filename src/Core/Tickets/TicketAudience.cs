namespace SfCognitoSso.Core.Tickets;

/// <summary>What a sign-in is for, as Cognito's Verify event says: the user pool and the app client. A ticket is
/// accepted only when it names both.</summary>
public sealed record TicketAudience(string? UserPoolId, string? ClientId)
{
    /// <summary>A sign-in whose pool and client nobody named: no ticket is for it.</summary>
    public static readonly TicketAudience Unknown = new(UserPoolId: null, ClientId: null);
}
