namespace SfCognitoSso.Emulators.Cognito;

/// <summary>The triggers a pool can call, by the names Cognito uses in its error messages.</summary>
public enum UserPoolTrigger
{
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
    PreTokenGeneration,
}

/// <summary>
/// Runs a trigger the way Lambda does: the event's JSON in, the handler's JSON out. A thrown exception is a function
/// error (its message is what Cognito quotes). Register one to enable custom authentication; without it the pool
/// answers as a pool with no custom-auth triggers configured.
/// </summary>
public interface IUserPoolTriggers
{
    ValueTask<byte[]> InvokeAsync(UserPoolTrigger trigger, byte[] eventJson, CancellationToken cancellationToken);
}
