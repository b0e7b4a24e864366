using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// The validator contract plus the cases that choose the host's directory and switch the token exchange off: every
/// deployable host (Kestrel, Functions) runs them. The local stack does not: its directory is always the emulated
/// pool and its exchange always on, which is what it is for.
/// </summary>
public abstract class ConfigurableValidatorContract : ValidatorContract
{
    [Fact]
    public async Task An_unreachable_directory_is_a_503_directory_unavailable()
    {
        SalesforceKnowsTheUser();
        var host = Start(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "Cognito",
            ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
            ["Cognito:ServiceUrl"] = Loopback.ClosedUrl(),
        });

        AssertProblem(await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session)), 503, "directory_unavailable");
    }

    [Fact]
    public async Task The_token_exchange_is_off_without_an_exchange_client_and_says_so_the_same_on_every_host()
    {
        var host = Start();

        var post = await host.SendAsync(new ValidatorRequest("POST", "/oauth2/token", "application/x-www-form-urlencoded",
            System.Text.Encoding.UTF8.GetBytes("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=" + Uri.EscapeDataString(Samples.Session))));
        var preflight = await host.SendAsync(new ValidatorRequest("OPTIONS", "/oauth2/token", Headers: new Dictionary<string, string>
        {
            ["Origin"] = "https://acme.lightning.force.com",
            ["Access-Control-Request-Method"] = "POST",
        }));

        foreach (var response in new[] { post, preflight })
        {
            Assert.Equal(404, response.Status);
            Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
            Assert.Equal("unsupported_grant_type", response.Json!["error"]!.GetValue<string>());
            Assert.DoesNotContain(Samples.SessionToken, response.Body, StringComparison.Ordinal);
        }

        Assert.Equal(post.Body, preflight.Body);
        Assert.Empty(Salesforce.Requests);
    }
}
