using System.Text.RegularExpressions;

namespace SfCognitoSso.Contracts;

/// <summary>
/// The one rule for Cognito's identifiers, from AWS's service model: a user pool ID,
/// <c>&lt;region&gt;_&lt;letters and digits&gt;</c> (<c>[\w-]+_[0-9a-zA-Z]+</c>), the region it starts with, and an app
/// client ID (<c>[\w+]+</c>, at most 128). Every place that takes one checks it here.
/// </summary>
public static partial class CognitoIds
{
    /// <summary>Has AWS's shape for a pool ID (the part before '_' need not be a region).</summary>
    public static bool IsValidPoolId(string? userPoolId) => userPoolId is not null && PoolIdPattern().IsMatch(userPoolId);

    /// <summary>The region the pool ID starts with; null when the ID is not valid or that part is not a region.</summary>
    public static string? RegionOf(string? userPoolId)
    {
        if (userPoolId is null || !IsValidPoolId(userPoolId))
        {
            return null;
        }

        var region = userPoolId[..userPoolId.IndexOf('_', StringComparison.Ordinal)];
        return IsRegion(region) ? region : null;
    }

    /// <summary>An AWS region name such as <c>us-east-1</c>, <c>us-gov-west-1</c> or <c>eusc-de-east-1</c>.</summary>
    public static bool IsRegion(string? region) => region is not null && RegionPattern().IsMatch(region);

    /// <summary>Whether this is an app client ID as Cognito makes them: 1 to 128 word characters.</summary>
    public static bool IsValidClientId(string? clientId) => clientId is not null && ClientIdPattern().IsMatch(clientId);

    [GeneratedRegex(@"^[\w+]{1,128}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex(@"^[\w-]+_[0-9a-zA-Z]+$")]
    private static partial Regex PoolIdPattern();

    [GeneratedRegex(@"^[a-z]{2,4}(-[a-z]+)+-\d$")]
    private static partial Regex RegionPattern();
}
