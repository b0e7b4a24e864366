namespace SfCognitoSso.Contracts;

/// <summary>
/// What CreateAuthChallenge puts in <c>ChallengeParameters</c> and what a client answers with. The parameters never
/// hold a secret; the answer (the session ID itself) goes in <c>ChallengeResponses.ANSWER</c>.
/// </summary>
public static class Challenge
{
    /// <summary>The one custom challenge this product defines.</summary>
    public const string Kind = "SALESFORCE_SESSION";

    /// <summary>Cognito's name for a custom challenge, in <c>ChallengeName</c> and in each session entry.</summary>
    public const string CustomChallenge = "CUSTOM_CHALLENGE";

    /// <summary>Public parameter naming the challenge: always <see cref="Kind"/>.</summary>
    public const string KindParameter = "challenge";

    /// <summary>Public parameter telling a person what to answer.</summary>
    public const string AnswerParameter = "answer";

    /// <summary>Public parameter: the 1-based number of this attempt.</summary>
    public const string AttemptParameter = "attempt";

    /// <summary>Cognito adds the username to every challenge's parameters; clients answer for that username.</summary>
    public const string UsernameParameter = "USERNAME";

    /// <summary><c>ChallengeResponses</c> key of the answer.</summary>
    public const string AnswerResponse = "ANSWER";

    /// <summary>Whether an answer (or any credential a user holds) is a JWT-based access token rather than a session
    /// ID: three base64url parts, the first a JSON object (<c>eyJ</c>). A session ID starts with its org ID and <c>!</c>.</summary>
    public static bool IsJwtAccessToken(string? credential)
    {
        if (credential is null || !credential.StartsWith("eyJ", StringComparison.Ordinal))
        {
            return false;
        }

        var dots = 0;
        foreach (var c in credential)
        {
            dots += c == '.' ? 1 : 0;
        }

        return dots == 2;
    }
}
