using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

public sealed class SalesforceSessionTests
{
    [Fact]
    public void ToString_never_shows_the_session()
    {
        var session = new SalesforceSession(Samples.Session);

        foreach (var fragment in Samples.SecretFragments(Samples.Session))
        {
            Assert.DoesNotContain(fragment, session.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(fragment, $"{session}", StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Samples.SessionToken, new Flows.ValidateSession(session).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_org_id_is_the_15_characters_before_the_exclamation_mark()
    {
        Assert.True(new SalesforceSession(Samples.Session).TryGetOrgId(out var orgId));

        Assert.Equal(Samples.OrgId18, orgId.Value);
    }

    [Theory]
    [InlineData("00D6g000006wre!AQ4AQtoken")]
    [InlineData("00D6g000006wre4XAQ4AQtoken")]
    [InlineData("0056g0000049jc6!AQ4AQtoken")]
    [InlineData("00D6g000006wre4!")]
    public void No_org_id_is_read_from_a_session_of_the_wrong_shape(string text)
    {
        Assert.False(new SalesforceSession(text).TryGetOrgId(out _));
    }

    [Fact]
    public void The_hash_key_is_sha256_hex_and_never_the_session()
    {
        var key = new SalesforceSession(Samples.Session).ToHashKey();

        Assert.Equal(64, key.Length);
        Assert.Equal(key, new SalesforceSession(Samples.Session).ToHashKey());
        Assert.NotEqual(key, new SalesforceSession(Samples.OtherUserSession).ToHashKey());
        Assert.DoesNotContain(Samples.SessionToken, key, StringComparison.Ordinal);
    }
}
