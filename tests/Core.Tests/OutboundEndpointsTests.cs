using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Core.Tests;

public sealed class OutboundEndpointsTests
{
    [Theory]
    [InlineData("https://acme.my.salesforce.com", true)]
    [InlineData("https://cognito-idp.eu-west-1.amazonaws.com/", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.8.9.10:8080", true)]
    [InlineData("http://localhost:9229", true)]
    [InlineData("http://[::1]:9229", true)]
    [InlineData("http://acme.my.salesforce.com", false)]
    [InlineData("http://10.0.0.5", false)]
    [InlineData("https://user:password@acme.my.salesforce.com", false)]
    [InlineData("ftp://acme.my.salesforce.com", false)]
    public void Only_https_or_plain_http_to_a_loopback_host_is_allowed(string url, bool allowed)
    {
        Assert.Equal(allowed, OutboundEndpoints.IsAllowed(new Uri(url)));
    }
}
