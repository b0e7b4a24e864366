using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// Which deployment single sign-out's Redis keys (lease, heartbeat, replay positions, parked sign-outs) belong to: the
/// user pool it signs users out of (<c>Cognito__UserPoolId</c>). Two deployments trusting the same org on one Redis
/// (staging beside production, another Region's pool) then each hold their own lease and read every event, instead of
/// one holding the other's lease for ever.
/// </summary>
public sealed partial record SignOutDeployment(string Name)
{
    /// <summary>A host with no Cognito pool (the in-memory directory, tests).</summary>
    public static readonly SignOutDeployment Default = new(Core.SignOut.ParkedSignOutKeys.DefaultDeployment);

    public static SignOutDeployment Of(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["Cognito:UserPoolId"] is { Length: > 0 } pool && Safe().IsMatch(pool) ? new SignOutDeployment(pool) : Default;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Safe();
}
