namespace SfCognitoSso.Client;

/// <summary>Failures the client finds itself.</summary>
public static class ClientErrorCodes
{
    public const string ValidatorUnreachable = "validator_unreachable";
    public const string CognitoUnreachable = "cognito_unreachable";

    /// <summary>Cognito asked again after the session was given: the triggers did not accept it.</summary>
    public const string AnswerNotAccepted = "answer_not_accepted";

    /// <summary>A service answered something this client cannot read.</summary>
    public const string UnexpectedResponse = "unexpected_response";
}
