namespace SfCognitoSso.Emulators.Cognito;

/// <summary>
/// A Cognito error, sent as HTTP 400 <c>{"__type","message"}</c>. Thrown where the condition is found and caught once,
/// at the operation boundary, because a Cognito error ends the whole call wherever it arises (deep inside a trigger
/// round as easily as in argument checks). Messages are Cognito's own wording and never quote a secret.
/// </summary>
public sealed class UserPoolException : Exception
{
    public UserPoolException(string type, string message)
        : base(message) => Type = type;

    public UserPoolException()
        : this("InternalErrorException", "Internal error.")
    {
    }

    public UserPoolException(string message)
        : this("InvalidParameterException", message)
    {
    }

    public UserPoolException(string message, Exception innerException)
        : base(message, innerException) => Type = "InternalErrorException";

    public string Type { get; }

    public static UserPoolException NotAuthorized(string message) => new("NotAuthorizedException", message);

    public static UserPoolException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static UserPoolException Missing(string parameter) =>
        InvalidParameter($"1 validation error detected: Value null at '{parameter}' failed to satisfy constraint: Member must not be null");

    public static UserPoolException UserNotFound() => new("UserNotFoundException", "User does not exist.");

    public static UserPoolException IncorrectCredentials() => NotAuthorized("Incorrect username or password.");

    public static UserPoolException InvalidSession() => NotAuthorized("Invalid session for the user.");

    public static UserPoolException InvalidLambdaResponse() => new("InvalidLambdaResponseException", "Unrecognizable lambda output");
}
