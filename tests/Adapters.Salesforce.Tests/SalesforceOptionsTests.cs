using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.InMemory;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

/// <summary>Bad Salesforce or cache settings stop start-up with one line naming the setting.</summary>
public sealed class SalesforceOptionsTests
{
    private static string StartUpError<TOptions>(Dictionary<string, string?> settings)
        where TOptions : class
    {
        using var core = new CoreHarness(settings, adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());
        return Assert.Throws<OptionsValidationException>(() => core.Get<IOptions<TOptions>>().Value).Message;
    }

    [Theory]
    [InlineData("http://acme.my.salesforce.com")]
    [InlineData("https://acme.my.salesforce.com/services/data")]
    [InlineData("https://acme.my.salesforce.com/?next=evil")]
    [InlineData("https://user:pass@acme.my.salesforce.com")]
    [InlineData("acme.my.salesforce.com")]
    [InlineData("ftp://acme.my.salesforce.com")]
    public void An_instance_url_that_is_not_a_bare_https_origin_names_its_setting(string url)
    {
        var message = StartUpError<TrustedOrgsOptions>(new() { ["Salesforce:Orgs:0:InstanceUrl"] = url });

        Assert.StartsWith("Salesforce__Orgs__0__InstanceUrl must be an https URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_instance_url_names_its_setting()
    {
        var message = StartUpError<TrustedOrgsOptions>(new() { ["Salesforce:Orgs:0:InstanceUrl"] = null });

        Assert.Equal("Salesforce__Orgs__0__InstanceUrl is required.", message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://acme.my.salesforce.com")]
    public void Https_or_a_loopback_http_origin_is_accepted(string url)
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Salesforce:Orgs:0:InstanceUrl"] = url },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var org = core.OrgOf(Samples.Session);

        Assert.NotNull(org);
        Assert.Equal("/", org.InstanceUrl.AbsolutePath);
    }

    [Theory]
    [InlineData("62.0")]
    [InlineData("v62")]
    [InlineData("v62.0/../../x")]
    public void A_malformed_api_version_names_its_setting(string version)
    {
        var message = StartUpError<SalesforceOptions>(new()
        {
            ["Salesforce:Orgs:0:InstanceUrl"] = "https://acme.my.salesforce.com",
            ["Salesforce:ApiVersion"] = version,
        });

        Assert.Equal("Salesforce__ApiVersion must look like v62.0.", message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("61")]
    public void An_out_of_range_cache_ttl_names_its_setting(string ttl)
    {
        var message = StartUpError<ValidationCacheOptions>(new() { ["Cache:TtlSeconds"] = ttl });

        Assert.StartsWith("Cache__TtlSeconds must be between 0 (off) and 60", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_chatter_users_me_v62_and_a_15_second_cache()
    {
        using var core = new CoreHarness(
            new Dictionary<string, string?> { ["Salesforce:Orgs:0:InstanceUrl"] = "https://acme.my.salesforce.com" },
            adapters: (services, configuration) => services.AddSalesforceSessionValidator(configuration).AddInMemoryDirectory());

        var salesforce = core.Get<IOptions<SalesforceOptions>>().Value;
        Assert.Equal(SalesforceEndpoint.ChatterUsersMe, salesforce.Endpoint);
        Assert.Equal("v62.0", salesforce.ApiVersion);
        // Finding 4: a session revoked in Salesforce is honoured by the cache for at most this long.
        Assert.Equal(15, core.Get<IOptions<ValidationCacheOptions>>().Value.TtlSeconds);
    }
}
