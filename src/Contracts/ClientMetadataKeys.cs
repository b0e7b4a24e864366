namespace SfCognitoSso.Contracts;

/// <summary>The ClientMetadata keys clients send with RespondToAuthChallenge (Cognito hands them to Verify).</summary>
public static class ClientMetadataKeys
{
    /// <summary>The validator's ticket from the 200 answer: Verify accepts the answer without a second Salesforce call.</summary>
    public const string Ticket = "ticket";
}
