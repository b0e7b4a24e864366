using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>Who may call: the pool's one app client for public operations; for admin ones, a SigV4-signed call
/// (<see cref="AdminSignature"/>) naming this pool.</summary>
public sealed class PoolGate(IOptions<LocalCognitoOptions> options)
{
    private readonly LocalCognitoOptions pool = options.Value;

    /// <summary>Admin calls carry a valid SigV4 signature by the pool's admin credentials (<see cref="AdminSignature"/>)
    /// and name this pool.</summary>
    public void RequireAdmin(AdminSignatureCheck signature, JsonObject request)
    {
        if (signature != AdminSignatureCheck.Valid)
        {
            throw AdminSignature.Refusal(signature);
        }

        var poolId = EmulatorJson.Text(request, "UserPoolId") ?? throw UserPoolException.Missing("userPoolId");
        if (poolId != pool.UserPoolId)
        {
            throw new UserPoolException("ResourceNotFoundException", $"User pool {EmulatorJson.Truncate(poolId)} does not exist.");
        }
    }

    public string RequireClient(JsonObject request)
    {
        var clientId = EmulatorJson.Text(request, "ClientId") ?? throw UserPoolException.Missing("clientId");
        return clientId == pool.ClientId || (pool.ConfidentialClientId is { Length: > 0 } confidential && clientId == confidential)
            ? clientId
            : throw new UserPoolException("ResourceNotFoundException", $"User pool client {EmulatorJson.Truncate(clientId)} does not exist.");
    }

    /// <summary>A confidential client's calls carry <c>SECRET_HASH</c> = Base64(HMAC-SHA256(secret, username + client
    /// ID)) among their parameters, refused as Cognito refuses them; a public client's need none.</summary>
    public void RequireSecretHash(string clientId, string username, JsonObject? parameters)
    {
        if (!IsConfidential(clientId))
        {
            return;
        }

        var given = EmulatorJson.Text(parameters, "SECRET_HASH") ?? throw UserPoolException.NotAuthorized($"Client {clientId} is configured for secret but secret was not received");
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(pool.ConfidentialClientSecret!), System.Text.Encoding.UTF8.GetBytes(username + clientId)));
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(given), System.Text.Encoding.ASCII.GetBytes(expected)))
        {
            throw UserPoolException.NotAuthorized($"Unable to verify secret hash for client {clientId}");
        }
    }

    /// <summary>A confidential client's own secret where a call carries it whole (<c>ClientSecret</c>).</summary>
    public void RequireClientSecret(string clientId, JsonObject request)
    {
        if (IsConfidential(clientId) && EmulatorJson.Text(request, "ClientSecret") != pool.ConfidentialClientSecret)
        {
            throw UserPoolException.NotAuthorized($"Unable to verify secret hash for client {clientId}");
        }
    }

    private bool IsConfidential(string clientId) => pool.ConfidentialClientId is { Length: > 0 } confidential && clientId == confidential;
}
