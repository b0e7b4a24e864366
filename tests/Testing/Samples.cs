using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Testing;

/// <summary>Identities and sessions used across the suites. The org and user IDs are the ones in the Salesforce
/// userinfo sample under shared/samples; the session tokens are made up but shaped like real ones.</summary>
public static class Samples
{
    public const string OrgId15 = "00D6g000006wre4";
    public const string OrgId18 = "00D6g000006wre4EAA";
    public const string UserId18 = "0056g0000049jc6AAA";
    public const string OtherUserId18 = "0056g0000049jc7AAA";
    public const string UntrustedOrgId15 = "00D000000000001";
    public const string Email = "support@backflipt.com";

    /// <summary>A distinctive token so a leak of any part of it is easy to find in captured output.</summary>
    public const string SessionToken = "AQ4AQSecretSessionTokenZx9.Qv7hLm2PwK4tRn8sYb3d_JfUe6GcXo1A";

    public const string Session = OrgId15 + "!" + SessionToken;

    public const string OtherUserSession = OrgId15 + "!AQ4AQAnotherUsersTokenMk3.Hs8Ld2Vb5Nq";

    public const string UntrustedOrgSession = UntrustedOrgId15 + "!AQ4AQUntrustedOrgTokenPw4.Za7Kc1";

    public static readonly SalesforceIdentity Identity = new(
        SalesforceId.Parse(OrgId18), SalesforceId.Parse(UserId18), Email, EmailVerified: true, IsActive: true, UserType: "Internal");

    public static readonly SalesforceIdentity OtherUser = Identity with
    {
        UserId = SalesforceId.Parse(OtherUserId18),
        Email = "someone.else@backflipt.com",
    };

    public const string Username = "sf_" + OrgId18 + "_" + UserId18;

    /// <summary>A fresh identity in the sample org, for tests that need a user nobody has created yet.</summary>
    public static SalesforceIdentity NewIdentity(int number, string? email = null)
    {
        var userId = SalesforceId.Parse($"005{number:D12}");
        return Identity with { UserId = userId, Email = email ?? $"user{number}@example.com" };
    }

    /// <summary>The text fragments whose presence anywhere in output would mean the session leaked.</summary>
    public static IEnumerable<string> SecretFragments(string session) =>
        [session, session[(session.IndexOf('!', StringComparison.Ordinal) + 1)..]];
}
