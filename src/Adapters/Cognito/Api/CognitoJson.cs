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
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AdminGetUserRequest))]
[JsonSerializable(typeof(AdminGetUserResponse))]
[JsonSerializable(typeof(AdminCreateUserRequest))]
[JsonSerializable(typeof(AdminCreateUserResponse))]
[JsonSerializable(typeof(AdminUpdateUserAttributesRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ListUsersRequest))]
[JsonSerializable(typeof(ListUsersResponse))]
[JsonSerializable(typeof(ErrorBody))]
public sealed partial class CognitoJsonContext : JsonSerializerContext;
