using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>A Salesforce user the stand-in knows, by the session that signs them in.</summary>
public sealed record DemoUser(string SessionId, SalesforceId OrgId, SalesforceId UserId, string? Email, string Name)
{
    /// <summary>The first Salesforce ID-shaped org the demo users belong to (not a real org).</summary>
    public const string DemoOrgId = "00D5j00000SfSso";

    /// <summary>Built in, so the stack can be tried with no settings at all. These sessions are public demo values,
    /// accepted only by the stand-in.</summary>
    public static readonly IReadOnlyList<DemoUser> BuiltIn =
    [
        new($"{DemoOrgId}!demo.session.alice", SalesforceId.Parse(DemoOrgId), SalesforceId.Parse("0055j00000Alice"), "alice@example.com", "Alice Demo"),
        new($"{DemoOrgId}!demo.session.bob", SalesforceId.Parse(DemoOrgId), SalesforceId.Parse("0055j000000Bob1"), "bob@example.com", "Bob Demo"),
    ];

    /// <summary>True for a user from <c>LocalStack__Users__N__…</c>: its session is never printed.</summary>
    public bool Configured { get; init; }
}
