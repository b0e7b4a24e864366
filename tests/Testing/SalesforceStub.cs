using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SfCognitoSso.Testing;

/// <summary>A Salesforce org on loopback (WireMock.Net) answering the identity endpoints with given bodies.</summary>
public sealed class SalesforceStub : IDisposable
{
    public const string ChatterPath = "/services/data/v62.0/chatter/users/me";
    public const string UserInfoPath = "/services/oauth2/userinfo";

    public SalesforceStub()
    {
        Server = Loopback.StartWireMock();
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    public IReadOnlyList<ILogEntry> Requests => [.. Server.LogEntries];

    /// <summary>
    /// Answers every request on the path, but only once <paramref name="release"/> is set; <paramref name="arrived"/>
    /// completes as the first request arrives. (WireMock logs a request only after answering it, so a test that must
    /// act while a call is in flight waits on this instead of a delay.)
    /// </summary>
    public SalesforceStub HoldAll(string path, int status, string body, ManualResetEventSlim release, TaskCompletionSource arrived)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(arrived);
        Server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
        {
            arrived.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(30));
            var answer = new WireMock.ResponseMessage
            {
                StatusCode = status,
                BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
            };
            answer.AddHeader("Content-Type", "application/json");
            return answer;
        }));
        return this;
    }

    /// <summary>Answers the given session (matched on its Authorization header) on a path.</summary>
    public SalesforceStub Answer(string path, string session, int status, string body, string contentType = "application/json")
    {
        Server.Given(Request.Create().WithPath(path).UsingGet().WithHeader("Authorization", $"Bearer {session}"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
        return this;
    }

    /// <summary>Answers every request on a path the same way.</summary>
    public SalesforceStub AnswerAll(string path, int status, string body, string contentType = "application/json", TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body);
        if (delay is { } wait)
        {
            response = response.WithDelay(wait);
        }

        Server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(response);
        return this;
    }

    /// <summary>First request fails with <paramref name="firstStatus"/>, later ones get the body.</summary>
    public SalesforceStub FailOnceThenAnswer(string path, int firstStatus, string body)
    {
        Server.Given(Request.Create().WithPath(path).UsingGet())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(firstStatus).WithBody("{}"));
        Server.Given(Request.Create().WithPath(path).UsingGet())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
        return this;
    }

    public static string ChatterUser(string userId = Samples.UserId18, string? email = Samples.Email, bool isActive = true) =>
        $$"""
        {
          "aboutMe": null,
          "additionalLabel": null,
          "communityNickname": "User15814947397442788858",
          "companyName": "Backflipt",
          "displayName": "Backflipt VMware",
          "email": {{(email is null ? "null" : $"\"{email}\"")}},
          "firstName": "Backflipt",
          "id": "{{userId}}",
          "isActive": {{(isActive ? "true" : "false")}},
          "isInThisCommunity": true,
          "lastName": "VMware",
          "name": "Backflipt VMware",
          "type": "User",
          "url": "/services/data/v62.0/chatter/users/{{userId}}",
          "userType": "Internal",
          "username": "bfvmw@backflipt.com"
        }
        """;

    public void Dispose() => Server.Stop();
}
