using System.Net;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>An org's subscriptions ask for its token together; the org's token endpoint sees one request.</summary>
public sealed class OrgAccessTokensTests
{
    [Fact]
    public async Task Callers_asking_at_the_same_moment_share_one_token_request()
    {
        var org = new TrustedOrg(SalesforceId.Parse(Samples.OrgId18), new Uri("https://example.my.salesforce.com"));
        var credentials = new OrgEventsSettings { ClientId = "client", ClientSecret = "secret" };
        const int callers = 8;
        for (var round = 0; round < 5; round++)
        {
            using var endpoint = new CountingTokenEndpoint();
            var tokens = new OrgAccessTokens(new OneClient(endpoint));
            using var together = new Barrier(callers);
            var asking = Enumerable.Range(0, callers)
                // A thread each (the barrier blocks them): on the thread pool they would wait for threads to be added.
                .Select(_ => Task.Factory.StartNew(
                    async () =>
                    {
                        together.SignalAndWait();
                        return await tokens.GetAsync(org, credentials, CancellationToken.None);
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).Unwrap())
                .ToArray();

            endpoint.Answer();
            var answers = await Task.WhenAll(asking).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(1, endpoint.Requests);
            Assert.All(answers, access => Assert.Equal("token-1", access.AccessToken));
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, """{"access_token":"00D5j00000SfSso!AQ4Aq.lU8kOx.Zb_9"}""", null)]
    [InlineData(HttpStatusCode.OK, """{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1aWQ6MDA1In0.c2ln"}""", OrgAccessException.JwtAccessTokens)]
    [InlineData(HttpStatusCode.OK, """{"access_token":"00D5j00000SfSso!AQ4Aq","token_format":"jwt"}""", OrgAccessException.JwtAccessTokens)]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"inactive user"}""", OrgAccessException.RunAsUserInactive)]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_client","error_description":"invalid client credentials"}""", "")]
    public async Task What_the_org_must_fix_is_told_apart_from_a_passing_fault_and_an_opaque_token_with_dots_is_no_jwt(HttpStatusCode status, string body, string? cause)
    {
        var org = new TrustedOrg(SalesforceId.Parse(Samples.OrgId18), new Uri("https://example.my.salesforce.com"));
        using var endpoint = new FixedAnswer(status, body);
        var tokens = new OrgAccessTokens(new OneClient(endpoint));

        var asked = tokens.GetAsync(org, new OrgEventsSettings { ClientId = "client", ClientSecret = "secret" }, CancellationToken.None).AsTask();

        if (cause is null)
        {
            Assert.StartsWith("00D5j00000SfSso!", (await asked).AccessToken, StringComparison.Ordinal);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<OrgAccessException>(() => asked);
            Assert.Equal(cause.Length == 0 ? null : cause, refused.Cause);
        }
    }

    private sealed class FixedAnswer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }

    /// <summary>Counts requests and holds each until the test lets them all through, so callers overlap.</summary>
    private sealed class CountingTokenEndpoint : HttpMessageHandler
    {
        private readonly TaskCompletionSource answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        public void Answer() => answered.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref requests);
            await answered.Task.WaitAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($$"""{"access_token":"token-{{number}}"}""") };
        }
    }

    private sealed class OneClient(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
