using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>
/// The validator contract: what only a host that hands the validator its clients' own forwarding headers can
/// show: trusted proxies (<c>ForwardedHeaders__KnownProxies__N</c>) and IPv6 clients bucketed by their /64. Kestrel
/// (and the Functions class invoked directly) run it. Behind the Functions host they cannot hold: its proxy to the
/// worker sets <c>X-Forwarded-For</c> from its own connection, which the worker's ASP.NET Core integration applies,
/// so the validator sees the host's view of the client and never a client's own header (the Functions rows test that).
/// </summary>
public abstract class ProxyFacts<THosting> : ValidatorFacts<THosting>
    where THosting : IValidatorHosting, new()
{
    [Fact]
    public async Task A_forwarded_address_with_a_port_is_that_client_not_the_proxy()
    {
        var host = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1", ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5" });

        ValidatorRequest From(string forwardedFor) => ValidatorRequest.Validate(
            new JsonObject { ["sessionId"] = Samples.UntrustedOrgSession }.ToJsonString(), from: IPAddress.Parse("10.0.0.5"),
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor });

        var first = await host.SendAsync(From("198.51.100.1:5555"));
        var sameClientOtherPort = await host.SendAsync(From("198.51.100.1:6666"));
        var otherClient = await host.SendAsync(From("198.51.100.2:5555"));
        var otherV6Client = await host.SendAsync(From("[2001:db8::1]:443"));

        Assert.Equal(403, first.Status);
        AssertProblem(sameClientOtherPort, 429, "rate_limited");
        Assert.Equal([403, 403], [otherClient.Status, otherV6Client.Status]);
    }

    [Fact]
    public async Task An_ipv6_client_is_limited_by_its_64_so_rotating_inside_it_gains_nothing()
    {
        var host = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1" });

        var first = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:1:2::1")));
        var rotated = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:1:2:ffff::9")));
        var otherSubscriber = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:1:3::1")));

        Assert.Equal(403, first.Status);
        AssertProblem(rotated, 429, "rate_limited");
        Assert.Equal(403, otherSubscriber.Status);
    }

    [Fact]
    public async Task Forwarded_for_is_ignored_unless_the_peer_is_a_configured_proxy()
    {
        var proxy = IPAddress.Parse("10.0.0.5");
        var untrusted = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1" });
        var behindProxy = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1", ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5" });

        ValidatorRequest From(string forwardedFor) => ValidatorRequest.Validate(
            new JsonObject { ["sessionId"] = Samples.UntrustedOrgSession }.ToJsonString(), from: proxy,
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = forwardedFor });

        var spoofedFirst = await untrusted.SendAsync(From("198.51.100.1"));
        var spoofedSecond = await untrusted.SendAsync(From("198.51.100.2"));
        var proxiedFirst = await behindProxy.SendAsync(From("198.51.100.1"));
        var proxiedSecond = await behindProxy.SendAsync(From("198.51.100.2"));

        Assert.Equal(403, spoofedFirst.Status);
        Assert.Equal(429, spoofedSecond.Status);
        Assert.Equal([403, 403], [proxiedFirst.Status, proxiedSecond.Status]);
    }

    [Fact]
    public async Task An_ipv6_network_is_also_limited_by_its_48_so_rotating_its_64s_gains_little()
    {
        // Review round three, finding 8: a /48 holder has 65,536 /64s, each its own bucket.
        var host = Start(new Dictionary<string, string?> { ["RateLimit:PermitPerMinute"] = "1", ["RateLimit:PermitPerMinutePer48"] = "2" });

        var first = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:7:1::1")));
        var second64 = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:7:2::1")));
        var third64 = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:7:3::1")));
        var otherNetwork = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.UntrustedOrgSession, IPAddress.Parse("2001:db8:8:1::1")));

        Assert.Equal([403, 403], [first.Status, second64.Status]);
        AssertProblem(third64, 429, "rate_limited");
        Assert.Equal(403, otherNetwork.Status);
    }
}
