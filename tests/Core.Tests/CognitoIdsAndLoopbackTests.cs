using SfCognitoSso.Contracts;
using Xunit;

namespace SfCognitoSso.Core.Tests;

/// <summary>The one pool-ID rule and the one loopback rule every option and endpoint check relies on.</summary>
public sealed class CognitoIdsAndLoopbackTests
{
    [Theory]
    [InlineData("us-east-1_SfSsoLocal", "us-east-1")]
    [InlineData("eu-west-1_AbC123", "eu-west-1")]
    [InlineData("us-gov-west-1_AbC123", "us-gov-west-1")]
    [InlineData("eusc-de-east-1_AbC123", "eusc-de-east-1")]
    [InlineData("custom_AbC123", null)]
    [InlineData("us-east-1_", null)]
    [InlineData("us-east-1_Ab-C", null)]
    [InlineData("us-east-1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_pool_id_names_its_region_only_when_it_is_one(string? poolId, string? region) =>
        Assert.Equal(region, CognitoIds.RegionOf(poolId));

    [Theory]
    [InlineData("custom_AbC123", true)]
    [InlineData("us-east-1_AbC123", true)]
    [InlineData("us east-1_AbC123", false)]
    [InlineData("_AbC123", false)]
    [InlineData(null, false)]
    public void A_pool_id_has_aws_shape(string? poolId, bool valid) => Assert.Equal(valid, CognitoIds.IsValidPoolId(poolId));

    [Theory]
    [InlineData("sfssolocal", true)]
    [InlineData("a+b_C9", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    public void An_app_client_id_has_aws_shape(string clientId, bool valid) => Assert.Equal(valid, CognitoIds.IsValidClientId(clientId));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost.example.com", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("example.com", false)]
    [InlineData(null, false)]
    public void Loopback_is_localhost_or_a_loopback_literal(string? host, bool loopback) =>
        Assert.Equal(loopback, LoopbackHosts.IsLoopback(host));

    [Fact]
    public void A_url_is_loopback_by_its_host()
    {
        Assert.True(LoopbackHosts.IsLoopback(new Uri("http://[::1]:9230/")));
        Assert.False(LoopbackHosts.IsLoopback(new Uri("https://cognito-idp.us-east-1.amazonaws.com/")));
        Assert.False(LoopbackHosts.IsLoopback(new Uri("/relative", UriKind.Relative)));
    }
}
