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
        return clientId == pool.ClientId
            ? clientId
            : throw new UserPoolException("ResourceNotFoundException", $"User pool client {EmulatorJson.Truncate(clientId)} does not exist.");
    }
}
