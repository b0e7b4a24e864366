using System.Xml.Linq;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>
/// An External Client App as the org holds it: which OAuth flows it allows, whether its access tokens are JWTs, its
/// scopes. Read from <c>infra/salesforce</c>, the files <c>sfsso salesforce deploy</c> puts into an org, so the stand-in
/// runs the apps that get deployed.
/// </summary>
public sealed record StandInApp(string Name, bool ClientCredentialsFlow, bool JwtAccessTokens, IReadOnlyList<string> Scopes)
{
    /// <summary>The app users sign in through (JWT-based access tokens; the canvas plugin).</summary>
    public const string SignIn = "SfCognitoSso_SignIn";

    /// <summary>Single sign-out's app (client credentials; Pub/Sub and one SOQL query).</summary>
    public const string Events = "SfCognitoSso_Events";

    /// <summary>The scopes as a token's <c>scope</c> or <c>scp</c> names them (<c>Api</c> is <c>api</c>, <c>RefreshToken</c>
    /// is <c>refresh_token</c>).</summary>
    public string ScopeClaim => string.Join(' ', Scopes.Select(scope => scope switch
    {
        "RefreshToken" => "refresh_token",
        "OfflineAccess" => "offline_access",
        "OpenID" => "openid",
        _ => scope.ToLowerInvariant(),
    }).Order(StringComparer.Ordinal));

    private static readonly XNamespace Metadata = "http://soap.sforce.com/2006/04/metadata";

    /// <summary>The app's three files (global OAuth settings, scopes, OAuth policies) from the embedded project.</summary>
    public static StandInApp Load(string name)
    {
        var global = Read($"{name}.ecaGlblOauth-meta.xml");
        var scopes = Read($"{name}.ecaOauth-meta.xml");
        var policies = Read($"{name}.ecaOauthPlcy-meta.xml");
        // Salesforce allows the client credentials flow only when both the app and the admin's policy turn it on.
        return new StandInApp(
            name,
            Flag(global, "isClientCredentialsFlowEnabled") && Flag(policies, "isClientCredentialsFlowEnabled"),
            Flag(global, "isNamedUserJwtEnabled"),
            [.. (Value(scopes, "commaSeparatedOauthScopes") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }

    private static XElement Read(string file)
    {
        using var stream = typeof(StandInApp).Assembly.GetManifestResourceStream($"salesforce/{file}")
            ?? throw new InvalidOperationException($"infra/salesforce has no {file}: the stand-in runs the apps that are deployed.");
        return XDocument.Load(stream).Root!;
    }

    private static string? Value(XElement root, string element) => root.Element(Metadata + element)?.Value.Trim();

    private static bool Flag(XElement root, string element) => Value(root, element) == "true";
}
