using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Configuration;
using SfCognitoSso.Core.Challenges;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Core.Tests;

/// <summary>Bad settings stop start-up with one line naming the setting, in the form operators set it.</summary>
public sealed class ConfigurationTests
{
    private static string StartUpError<TOptions>(Dictionary<string, string?> settings)
        where TOptions : class
    {
        using var core = new CoreHarness(settings);
        var error = Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<TOptions>>().Value);
        return error.Message;
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("-3")]
    public void An_out_of_range_attempt_limit_names_Challenge__MaxAttempts(string value)
    {
        var message = StartUpError<ChallengeOptions>(new() { ["Challenge:MaxAttempts"] = value });

        Assert.StartsWith("Challenge__MaxAttempts must be between 1 and 10", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_left_to_the_hosts_start_up_validation_unless_the_composition_checks_them_itself()
    {
        var hosted = new ServiceCollection();
        hosted.AddOptions<ChallengeOptions>().CheckedAtStart();
        var composed = new ServiceCollection();
        composed.AddSingleton<SettingsCheckedByComposition>();
        composed.AddOptions<ChallengeOptions>().CheckedAtStart();

        Assert.Contains(hosted, descriptor => descriptor.ServiceType == typeof(IStartupValidator));
        Assert.DoesNotContain(composed, descriptor => descriptor.ServiceType == typeof(IStartupValidator));
        Assert.All([hosted, composed], services => Assert.Contains(services, descriptor => descriptor.ServiceType == typeof(IOptions<ChallengeOptions>)));
    }

    [Fact]
    public void No_trusted_org_names_the_org_setting()
    {
        var message = StartUpError<TrustedOrgsOptions>(new() { ["Salesforce:Orgs:0:OrgId"] = null });

        Assert.StartsWith("Salesforce__Orgs__0__OrgId is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00D6g000006wre")]
    [InlineData("0056g0000049jc6")]
    [InlineData("00D6g000006wre4XXX")]
    public void A_malformed_org_id_names_its_index(string orgId)
    {
        var message = StartUpError<TrustedOrgsOptions>(new()
        {
            ["Salesforce:Orgs:1:OrgId"] = orgId,
        });

        Assert.StartsWith("Salesforce__Orgs__1__OrgId must be a 15- or 18-character Salesforce org ID", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_three_attempts_and_the_salesforce_user_id_key()
    {
        using var core = new CoreHarness();

        Assert.Equal(3, core.Get<IOptions<ChallengeOptions>>().Value.MaxAttempts);
        Assert.Equal(IdentityKey.SalesforceUserId, core.Get<IOptions<IdentityOptions>>().Value.Key);
    }
}
