namespace SfCognitoSso.Client;

/// <summary>Failures the client finds itself.</summary>
public static class ClientErrorCodes
{
    /// <summary>The validator could not be reached, timed out, or answered with something that is not its API.</summary>
    public const string ValidatorUnreachable = "validator_unreachable";
    /// <summary>Cognito could not be reached, timed out, or answered with something that is not its API.</summary>
    public const string CognitoUnreachable = "cognito_unreachable";

    /// <summary>Cognito asked again after the session was given: the triggers did not accept it.</summary>
    public const string AnswerNotAccepted = "answer_not_accepted";

    /// <summary>A service answered something this client cannot read.</summary>
    public const string UnexpectedResponse = "unexpected_response";
}
