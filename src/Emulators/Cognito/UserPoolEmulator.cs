using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>
/// The wire layer of the operations of Cognito's user pool API that custom authentication and our validator use,
/// over AWS JSON 1.1: the body read, the operation named by <c>X-Amz-Target</c> dispatched to the custom-auth flow
/// (<see cref="CustomAuthFlow"/>) or the admin operations (<see cref="AdminOperations"/>), errors answered as Cognito
/// answers them. Public operations are unsigned, as in Cognito; admin ones require a SigV4 signature by the pool's
/// admin credentials. Client mistakes are 400s, never 5xx, because the SDKs retry 5xx and a retry would replay a
/// single-use Session.
/// </summary>
public sealed partial class UserPoolEmulator(
    PoolGate gate,
    CustomAuthFlow flow,
    AdminOperations admin,
    ILogger<UserPoolEmulator> logger,
    CognitoQuotas? quotas = null)
{

    /// <summary>The operations that need the pool's admin credentials (a SigV4-signed call), by <c>X-Amz-Target</c>.</summary>
    public static bool IsAdminOperation(string? target) =>
        target is not null && target.StartsWith(CognitoWire.TargetPrefix, StringComparison.Ordinal)
        && (target.AsSpan(CognitoWire.TargetPrefix.Length).StartsWith("Admin", StringComparison.Ordinal) || target.AsSpan(CognitoWire.TargetPrefix.Length).SequenceEqual("ListUsers"));

    public async Task<EmulatorResponse> HandleAsync(string? target, AdminSignatureCheck signature, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var operation = target is not null && target.StartsWith(CognitoWire.TargetPrefix, StringComparison.Ordinal) ? target[CognitoWire.TargetPrefix.Length..] : null;
        try
        {
            var request = EmulatorJson.Parse(body);
            if (IsAdminOperation(target))
            {
                gate.RequireAdmin(signature, request);
            }

            // Over its category's rate, a request is refused before it does anything (nothing to replay).
            quotas?.Admit(operation);

            JsonObject result = operation switch
            {
                "InitiateAuth" => await flow.InitiateAuthAsync(request, cancellationToken).ConfigureAwait(false),
                "RespondToAuthChallenge" => await flow.RespondToAuthChallengeAsync(request, cancellationToken).ConfigureAwait(false),
                "GetTokensFromRefreshToken" => await flow.GetTokensFromRefreshTokenAsync(request, cancellationToken).ConfigureAwait(false),
                "GetUser" => await flow.GetUserAsync(request).ConfigureAwait(false),
                "UpdateUserAttributes" => await flow.UpdateUserAttributesAsync(request).ConfigureAwait(false),
                "RevokeToken" => flow.RevokeToken(request),
                "GlobalSignOut" => await flow.GlobalSignOutAsync(request).ConfigureAwait(false),
                "AdminInitiateAuth" => await flow.AdminInitiateAuthAsync(request, cancellationToken).ConfigureAwait(false),
                "AdminRespondToAuthChallenge" => await flow.RespondToAuthChallengeAsync(request, cancellationToken).ConfigureAwait(false),
                "AdminGetUser" => admin.GetUser(request),
                "AdminCreateUser" => admin.CreateUser(request),
                "AdminUpdateUserAttributes" => admin.UpdateUserAttributes(request),
                "AdminUserGlobalSignOut" => admin.UserGlobalSignOut(request),
                "AdminDisableUser" => admin.SetEnabled(request, enabled: false),
                "AdminEnableUser" => admin.SetEnabled(request, enabled: true),
                "ListUsers" => admin.ListUsers(request),
                _ => throw new UserPoolException("UnknownOperationException", "Operation is not supported by the local user pool."),
            };
            LogAnswered(logger, operation ?? "unknown", "ok");
            return new EmulatorResponse(200, result.ToJsonString());
        }
        catch (UserPoolException error)
        {
            LogAnswered(logger, operation ?? "unknown", error.Type);
            return EmulatorResponse.Error(error);
        }
    }

    // Debug: one line per call is chatter in a healthy start (the sign-out reader's dry run is refused by design).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Cognito {Operation} answered {Outcome}")]
    private static partial void LogAnswered(ILogger logger, string operation, string outcome);
}
