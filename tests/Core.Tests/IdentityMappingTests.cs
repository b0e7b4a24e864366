using SfCognitoSso.Core.Identity;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

public sealed class IdentityMappingTests
{
    [Fact]
    public void The_username_is_sf_org18_user18()
    {
        Assert.Equal("sf_00D6g000006wre4EAA_0056g0000049jc6AAA", IdentityMapping.UsernameFor(Samples.Identity));
    }

    [Fact]
    public void The_username_is_the_same_whether_salesforce_gave_15_or_18_character_ids()
    {
        var fromShortIds = Samples.Identity with
        {
            OrgId = Core.Sessions.SalesforceId.Parse(Samples.OrgId15),
            UserId = Core.Sessions.SalesforceId.Parse("0056g0000049jc6"),
        };

        Assert.Equal(IdentityMapping.UsernameFor(Samples.Identity), IdentityMapping.UsernameFor(fromShortIds));
    }

    [Fact]
    public void A_new_user_carries_email_verification_and_both_salesforce_ids()
    {
        var user = IdentityMapping.NewUser(Samples.Identity with { EmailVerified = false });

        Assert.Equal(Samples.Username, user.Username);
        Assert.Equal(Samples.Email, user.Email);
        Assert.False(user.EmailVerified);
        Assert.Equal(Samples.OrgId18, user.SalesforceOrgId?.Value);
        Assert.Equal(Samples.UserId18, user.SalesforceUserId?.Value);
    }
}
