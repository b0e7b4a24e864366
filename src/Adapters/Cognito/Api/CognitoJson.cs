using System.Text.Json.Serialization;

namespace SfCognitoSso.Adapters.Cognito.Api;

// Shapes of the Cognito user pools API (AWS JSON 1.1), limited to the fields this product reads or writes.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html

public sealed class AttributeType
{
    public string Name { get; set; } = string.Empty;

    public string? Value { get; set; }
}

/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserType.html</summary>
public sealed class UserType
{
    public string? Username { get; set; }

    public List<AttributeType>? Attributes { get; set; }

    public bool Enabled { get; set; } = true;

    public string? UserStatus { get; set; }
}

/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html</summary>
public sealed class AdminGetUserRequest
{
    public required string UserPoolId { get; init; }

    public required string Username { get; init; }
}

public sealed class AdminGetUserResponse
{
    public string? Username { get; set; }

    public List<AttributeType>? UserAttributes { get; set; }

    public bool Enabled { get; set; } = true;

    public string? UserStatus { get; set; }
}

/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html</summary>
public sealed class AdminCreateUserRequest
{
    public required string UserPoolId { get; init; }

    public required string Username { get; init; }

    public required List<AttributeType> UserAttributes { get; init; }

    /// <summary>SUPPRESS: the user never gets an invitation; they only ever sign in through Salesforce.</summary>
    public string MessageAction { get; init; } = "SUPPRESS";
}

public sealed class AdminCreateUserResponse
{
    public UserType? User { get; set; }
}

/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateUserAttributes.html</summary>
public sealed class AdminUserGlobalSignOutRequest
{
    public required string UserPoolId { get; init; }

    public required string Username { get; init; }
}

public sealed class AdminUpdateUserAttributesRequest
{
    public required string UserPoolId { get; init; }

    public required string Username { get; init; }

    public required List<AttributeType> UserAttributes { get; init; }
}

public sealed class EmptyResponse;

/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html</summary>
public sealed class ListUsersRequest
{
    public required string UserPoolId { get; init; }

    public string? Filter { get; init; }

    public int? Limit { get; init; }

    public string? PaginationToken { get; init; }
}

public sealed class ListUsersResponse
{
    public List<UserType>? Users { get; set; }

    public string? PaginationToken { get; set; }
}

/// <summary>The body of every AWS JSON 1.1 error.</summary>
public sealed class ErrorBody
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    /// <summary>Read only to tell a wrong client secret from a refused sign-in; never kept or passed on.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html</summary>
public sealed class AdminInitiateAuthRequest
{
    public required string UserPoolId { get; init; }

    public required string ClientId { get; init; }

    public string AuthFlow { get; init; } = "CUSTOM_AUTH";

    public required Dictionary<string, string> AuthParameters { get; init; }
}

/// <summary>https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminRespondToAuthChallenge.html</summary>
public sealed class AdminRespondToAuthChallengeRequest
{
    public required string UserPoolId { get; init; }

    public required string ClientId { get; init; }

    public string ChallengeName { get; init; } = Contracts.Challenge.CustomChallenge;

    public required string Session { get; init; }

    public required Dictionary<string, string> ChallengeResponses { get; init; }

    /// <summary>Handed to the Verify trigger (the validator's ticket).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? ClientMetadata { get; init; }
}

/// <summary>Both admin auth calls answer with a challenge or with tokens.</summary>
public sealed class AdminAuthResponse
{
    public string? ChallengeName { get; set; }

    public string? Session { get; set; }

    public Dictionary<string, string?>? ChallengeParameters { get; set; }

    public AuthenticationResultType? AuthenticationResult { get; set; }
}

public sealed class AuthenticationResultType
{
    public string? IdToken { get; set; }

    public string? AccessToken { get; set; }

    public string? RefreshToken { get; set; }

    public int ExpiresIn { get; set; }
}

[JsonSerializable(typeof(AdminGetUserRequest))]
[JsonSerializable(typeof(AdminGetUserResponse))]
[JsonSerializable(typeof(AdminCreateUserRequest))]
[JsonSerializable(typeof(AdminCreateUserResponse))]
[JsonSerializable(typeof(AdminUpdateUserAttributesRequest))]
[JsonSerializable(typeof(AdminUserGlobalSignOutRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(AdminInitiateAuthRequest))]
[JsonSerializable(typeof(AdminRespondToAuthChallengeRequest))]
[JsonSerializable(typeof(AdminAuthResponse))]
[JsonSerializable(typeof(ListUsersRequest))]
[JsonSerializable(typeof(ListUsersResponse))]
[JsonSerializable(typeof(ErrorBody))]
public sealed partial class CognitoJsonContext : JsonSerializerContext;
