using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Cognito.Tests;

public sealed class CognitoOptionsTests
{
    private static ValidateOptionsResult Validate(string? poolId, string? region = null, string? serviceUrl = null) =>
        new CognitoOptionsValidator().Validate(null, new CognitoOptions { UserPoolId = poolId, Region = region, ServiceUrl = serviceUrl });

    [Theory]
    [InlineData(null, null, null, "Cognito__UserPoolId is required when Directory__Provider is Cognito.")]
    [InlineData("not a pool", null, null, "Cognito__UserPoolId must look like us-east-1_AbCdEf123.")]
    [InlineData("local_1Vv0GIuR", null, null, "Cognito__Region is required: it cannot be read from Cognito__UserPoolId.")]
    [InlineData("us-east-1_AbC", "Europe", null, "Cognito__Region must be an AWS region such as us-east-1.")]
    [InlineData("us-east-1_AbC", null, "http://cognito.example.com", "Cognito__ServiceUrl must be an https URL (http only for loopback hosts).")]
    public void Bad_settings_stop_start_up_naming_the_setting(string? poolId, string? region, string? serviceUrl, string expected)
    {
        var result = Validate(poolId, region, serviceUrl);

        Assert.True(result.Failed);
        Assert.Equal(expected, result.FailureMessage);
    }

    [Fact]
    public void The_region_and_endpoint_are_read_from_the_pool_id_by_default()
    {
        var options = new CognitoOptions { UserPoolId = "eu-central-1_AbC123" };

        Assert.True(Validate(options.UserPoolId).Succeeded);
        Assert.Equal("eu-central-1", options.ResolvedRegion);
        Assert.Equal(new Uri("https://cognito-idp.eu-central-1.amazonaws.com/"), options.ResolvedEndpoint);
    }

    [Fact]
    public void A_loopback_service_url_with_an_explicit_region_is_accepted()
    {
        Assert.True(Validate("local_1Vv0GIuR", "us-east-1", "http://127.0.0.1:9229").Succeeded);
    }
}
