using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// The validator contract: the cases that choose the host's directory and switch the token exchange off: every
/// deployable host (Kestrel, Functions) runs them. The local stack does not: its directory is always the emulated
/// pool and its exchange always on, which is what it is for.
/// </summary>
public abstract class DirectoryChoiceFacts<THosting> : ValidatorFacts<THosting>
    where THosting : IValidatorHosting, new()
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

    [Fact]
    public async Task Instances_sharing_Redis_share_one_permit_per_client()
    {
        using var redis = new RedisServer();
        var shared = SharedRedisSettings(redis.ConnectionString);
        var first = Start(shared);
        var second = Start(shared);
        var client = System.Net.IPAddress.Parse("127.0.113.9");
        // Each admits a provisional share until it has counted the other: what the test asks of two that know each other.
        await first.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, System.Net.IPAddress.Parse("127.0.113.90")));
        await second.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, System.Net.IPAddress.Parse("127.0.113.90")));
        await redis.WhenInstancesKnowEachOtherAsync(2, TimeSpan.FromSeconds(30));
        await MinuteWindows.WithinOneAsync();

        var answers = new List<int>();
        foreach (var host in new[] { first, second, first, second })
        {
            answers.Add((await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, client))).Status);
        }

        Assert.Equal([403, 403, 429, 429], answers);
        Assert.Contains(await redis.KeysAsync(), key => key.StartsWith("sfcognitosso:ratelimit:{v2}:client:127.0.113.9:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Redis_unreachable_an_instance_limits_on_its_own_and_says_so_once()
    {
        var host = Start(SharedRedisSettings($"127.0.0.1:{Loopback.FreePort()},connectTimeout=200"));
        var client = System.Net.IPAddress.Parse("127.0.113.10");

        var answers = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, client))).Status);
        }

        // Neither open to everyone nor closed to everyone: this instance's own window, two permits.
        Assert.Equal([403, 403, 429, 429], answers);
        Assert.Single(host.Logs, line => line.Contains("Rate limits: Redis did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_Redis_that_never_answers_a_starting_instance_limits_on_its_own_rather_than_refusing()
    {
        // A Redis that takes the connection and never answers: no sync can answer, so requests past the provisional
        // share must not wait for one for ever nor be refused for want of it.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var settings = SharedRedisSettings($"127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port},connectTimeout=5000");
        settings["RateLimit:PermitPerMinute"] = "20"; // provisional share: 2
        var host = Start(settings);
        var client = System.Net.IPAddress.Parse("127.0.113.11");

        var answers = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, client))).Status);
        }

        Assert.Equal([403, 403, 403, 403, 403], answers);
    }

    [Fact]
    public async Task Behind_the_trusted_Front_Door_a_client_is_its_socket_address_and_another_profile_is_not_believed()
    {
        const string Profile = "0f6c4b7e-0d7a-4a53-9d2e-2b1b6f0a1c11";
        var host = Start(new Dictionary<string, string?>
        {
            ["RateLimit:PermitPerMinute"] = "1",
            ["Http:TrustedProxies"] = "AzureFrontDoor",
            ["Http:FrontDoorId"] = Profile,
        });
        // Every request arrives over one connection address, Front Door's; Front Door names the client's socket.
        ValidatorRequest Via(string frontDoorId, string socket) => ValidatorRequest.Validate(
            new System.Text.Json.Nodes.JsonObject { ["sessionId"] = Samples.UntrustedOrgSession }.ToJsonString(), from: System.Net.IPAddress.Parse("127.0.113.30"),
            headers: new Dictionary<string, string> { ["X-Azure-FDID"] = frontDoorId, ["X-Azure-SocketIP"] = socket, ["X-Azure-ClientIP"] = "198.51.100.99" });

        var first = await host.SendAsync(Via(Profile, "198.51.100.1"));
        var second = await host.SendAsync(Via(Profile, "198.51.100.2"));
        var againFirst = await host.SendAsync(Via(Profile, "198.51.100.1"));
        var otherProfile = await host.SendAsync(Via("5b3e1d7c-9a44-4c1e-8f0e-7d2a1c9b6e55", "198.51.100.3"));
        var otherProfileRotated = await host.SendAsync(Via("5b3e1d7c-9a44-4c1e-8f0e-7d2a1c9b6e55", "198.51.100.4"));

        Assert.Equal([403, 403], [first.Status, second.Status]);
        AssertProblem(againFirst, 429, "rate_limited");
        // Not our profile: the connection's address keys it, whatever socket it names.
        Assert.Equal(403, otherProfile.Status);
        AssertProblem(otherProfileRotated, 429, "rate_limited");
    }

    /// <summary>Redis on: the validator must sign what it shares, so it gets a signing key of its own.</summary>
    private static Dictionary<string, string?> SharedRedisSettings(string redis)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return new()
        {
            ["Cache:Redis"] = redis,
            ["Ticket:SigningKey"] = key.ExportPkcs8PrivateKeyPem(),
            ["RateLimit:PermitPerMinute"] = "2",
        };
    }
}
