using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Cognito.Api;

/// <summary>
/// The four Cognito user pool operations this product needs, over AWS JSON 1.1: <c>POST /</c> with
/// <c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Operation&gt;</c>. Signing (SigV4), retries and timeouts
/// live in the HttpClient's handlers; this class only speaks the protocol. Never throws for a Cognito or network
/// error: every outcome is a <see cref="CognitoResult{T}"/>.
/// </summary>
public sealed class CognitoApiClient(IHttpClientFactory httpClients, IOptions<CognitoOptions> options)
{
    public const string HttpClientName = "SfCognitoSso.Cognito";
    public const string TargetPrefix = Contracts.CognitoWire.TargetPrefix;

    private static readonly MediaTypeHeaderValue AmzJson = new(Contracts.CognitoWire.JsonContentType);

    private readonly string userPoolId = options.Value.UserPoolId ?? string.Empty;
    private readonly Uri endpoint = options.Value.ResolvedEndpoint;

    public Task<CognitoResult<AdminGetUserResponse>> AdminGetUserAsync(string username, CancellationToken cancellationToken) =>
        SendAsync(
            "AdminGetUser",
            new AdminGetUserRequest { UserPoolId = userPoolId, Username = username },
            CognitoJsonContext.Default.AdminGetUserRequest,
            CognitoJsonContext.Default.AdminGetUserResponse,
            cancellationToken);

    /// <summary>Revokes every refresh token of the user; its access tokens are then refused by Cognito's own API.</summary>
    public Task<CognitoResult<EmptyResponse>> AdminUserGlobalSignOutAsync(string username, CancellationToken cancellationToken) =>
        SendAsync(
            "AdminUserGlobalSignOut",
            new AdminUserGlobalSignOutRequest { UserPoolId = userPoolId, Username = username },
            CognitoJsonContext.Default.AdminUserGlobalSignOutRequest,
            CognitoJsonContext.Default.EmptyResponse,
            cancellationToken);

    public Task<CognitoResult<AdminCreateUserResponse>> AdminCreateUserAsync(
        string username, List<AttributeType> attributes, CancellationToken cancellationToken) =>
        SendAsync(
            "AdminCreateUser",
            new AdminCreateUserRequest { UserPoolId = userPoolId, Username = username, UserAttributes = attributes },
            CognitoJsonContext.Default.AdminCreateUserRequest,
            CognitoJsonContext.Default.AdminCreateUserResponse,
            cancellationToken);

    public Task<CognitoResult<EmptyResponse>> AdminUpdateUserAttributesAsync(
        string username, List<AttributeType> attributes, CancellationToken cancellationToken) =>
        SendAsync(
            "AdminUpdateUserAttributes",
            new AdminUpdateUserAttributesRequest { UserPoolId = userPoolId, Username = username, UserAttributes = attributes },
            CognitoJsonContext.Default.AdminUpdateUserAttributesRequest,
            CognitoJsonContext.Default.EmptyResponse,
            cancellationToken);

    /// <param name="filter">A ListUsers filter such as <c>email = "a@b.c"</c>; build it with <see cref="EqualsFilter"/>.</param>
    public Task<CognitoResult<ListUsersResponse>> ListUsersAsync(
        string? filter, int limit, string? paginationToken, CancellationToken cancellationToken) =>
        SendAsync(
            "ListUsers",
            new ListUsersRequest { UserPoolId = userPoolId, Filter = filter, Limit = limit, PaginationToken = paginationToken },
            CognitoJsonContext.Default.ListUsersRequest,
            CognitoJsonContext.Default.ListUsersResponse,
            cancellationToken);

    public Task<CognitoResult<AdminAuthResponse>> AdminInitiateAuthAsync(string clientId, string username, string? secretHash, CancellationToken cancellationToken) =>
        SendAsync(
            "AdminInitiateAuth",
            new AdminInitiateAuthRequest
            {
                UserPoolId = userPoolId,
                ClientId = clientId,
                AuthParameters = secretHash is null ? new() { ["USERNAME"] = username } : new() { ["USERNAME"] = username, ["SECRET_HASH"] = secretHash },
            },
            CognitoJsonContext.Default.AdminInitiateAuthRequest,
            CognitoJsonContext.Default.AdminAuthResponse,
            cancellationToken);

    public Task<CognitoResult<AdminAuthResponse>> AdminRespondToAuthChallengeAsync(
        string clientId, string session, Dictionary<string, string> responses, CancellationToken cancellationToken, Dictionary<string, string>? clientMetadata = null) =>
        SendAsync(
            "AdminRespondToAuthChallenge",
            new AdminRespondToAuthChallengeRequest { UserPoolId = userPoolId, ClientId = clientId, Session = session, ChallengeResponses = responses, ClientMetadata = clientMetadata },
            CognitoJsonContext.Default.AdminRespondToAuthChallengeRequest,
            CognitoJsonContext.Default.AdminAuthResponse,
            cancellationToken,
            singleUse: true);

    /// <summary>Set on a request that must not be retried: its Cognito session is single use, so a retry after a lost
    /// answer could only fail, and would run the verify trigger (and Salesforce) a second time.</summary>
    public static readonly HttpRequestOptionsKey<bool> SingleUse = new("SfCognitoSso.Cognito.SingleUse");

    /// <summary><c>attribute = "value"</c>, with the value's <c>\</c> and <c>"</c> escaped so it cannot end the string.</summary>
    public static string EqualsFilter(string attribute, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return $"{attribute} = \"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
    }

    private async Task<CognitoResult<TResponse>> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        bool singleUse = false)
        where TResponse : class
    {
        using var activity = CognitoTelemetry.ActivitySource.StartActivity($"cognito.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", "CognitoIdentityProvider");
        activity?.SetTag("rpc.method", operation);
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        content.Headers.ContentType = AmzJson;
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        message.Headers.TryAddWithoutValidation(Contracts.CognitoWire.TargetHeader, TargetPrefix + operation);
        message.Options.Set(SingleUse, singleUse);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var error = CognitoError.FromResponse((int)response.StatusCode, ErrorTypeHeader(response), body);
                activity?.SetTag("error.type", error.Type);
                return error;
            }

            return JsonSerializer.Deserialize(body, responseType) is { } value
                ? value
                : CognitoError.Unreachable("EmptyResponse");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Timeouts, refused connections, broken circuits, bad JSON: Cognito is unavailable.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            activity?.SetTag("error.type", exception.GetType().Name);
            return CognitoError.Unreachable(exception.GetType().Name);
        }
    }

    internal static string? ErrorTypeHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
}
