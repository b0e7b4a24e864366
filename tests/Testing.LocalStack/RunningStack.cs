using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Testing.LocalStack;

/// <summary>The local stack on three free loopback ports, with every log record captured, and the calls a client
/// makes against it.</summary>
public class RunningStack : IAsyncLifetime
{
    /// <summary>A user from LocalStack__Users__0__…: the session must appear in no log line.</summary>
    public const string ConfiguredSession = "00D5j00000SfSso!configured.session.that.must.never.be.logged";

    /// <summary>Used only by the concurrent first sign-in test, so its user does not exist before.</summary>
    public const string ConcurrentSession = "00D5j00000SfSso!configured.session.for.concurrency";

    /// <summary>The demo org's canvas app consumer secret for this run, so tests can sign as Salesforce does.</summary>
    public const string CanvasConsumerSecret = "local-stack-canvas-consumer-secret-for-the-tests-0123456789abcdef";

    private WebApplication? app;

    public string ValidatorUrl { get; } = $"http://127.0.0.1:{Loopback.FreePort()}";

    public string CognitoUrl { get; } = $"http://127.0.0.1:{Loopback.FreePort()}";

    public string SalesforceUrl { get; } = $"http://127.0.0.1:{Loopback.FreePort()}";

    public string PubSubUrl { get; } = $"http://127.0.0.1:{Loopback.FreePort()}";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public WebApplication App => app ?? throw new InvalidOperationException("Not started.");

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    /// <summary>Settings a variant of the stack adds to <see cref="Args"/>.</summary>
    protected virtual string[] ExtraArgs => [];

    /// <summary>The clock of a variant whose time the test moves (the whole stack's: validator, pool, stand-in).</summary>
    protected virtual TimeProvider? Time => null;

    public string[] Args =>
    [
        $"--LocalStack:ValidatorUrl={ValidatorUrl}",
        $"--LocalStack:CognitoUrl={CognitoUrl}",
        $"--LocalStack:SalesforceUrl={SalesforceUrl}",
        $"--LocalStack:PubSubUrl={PubSubUrl}",
        $"--LocalStack:Users:0:SessionId={ConfiguredSession}",
        "--LocalStack:Users:0:UserId=0055j00000Carol",
        "--LocalStack:Users:0:Email=carol@example.com",
        $"--LocalStack:Users:1:SessionId={ConcurrentSession}",
        "--LocalStack:Users:1:UserId=0055j00000Dave1",
        "--LocalStack:Users:1:Email=dave@example.com",
        $"--LocalStack:CanvasConsumerSecret={CanvasConsumerSecret}",
        $"--LocalStack:Users:2:SessionId={TicketSessions[0]}",
        "--LocalStack:Users:2:UserId=0055j00000Erin1",
        "--LocalStack:Users:2:Email=erin@example.com",
        $"--LocalStack:Users:3:SessionId={TicketSessions[1]}",
        "--LocalStack:Users:3:UserId=0055j00000Frank",
        "--LocalStack:Users:3:Email=frank@example.com",
        $"--LocalStack:Users:4:SessionId={SignOutSessions[0]}",
        $"--LocalStack:Users:4:UserId={SignOutUserIds[0]}",
        "--LocalStack:Users:4:Email=gina@example.com",
        $"--LocalStack:Users:5:SessionId={SignOutSessions[1]}",
        $"--LocalStack:Users:5:UserId={SignOutUserIds[1]}",
        "--LocalStack:Users:5:Email=hank@example.com",
        "--LocalStack:Users:6:SessionId=00D5j00000SfSso!configured.session.of.kim",
        "--LocalStack:Users:6:UserId=0055j00000Kim01",
        "--LocalStack:Users:6:Email=kim@example.com",
        $"--LocalStack:Users:7:SessionId={DeactivatedWithTicketSession}",
        $"--LocalStack:Users:7:UserId={DeactivatedWithTicketUserId}",
        "--LocalStack:Users:7:Email=liam@example.com",
        $"--LocalStack:Users:8:SessionId={GapSession}",
        $"--LocalStack:Users:8:UserId={GapUserId}",
        "--LocalStack:Users:8:Email=mia@example.com",
        "--LocalStack:Users:9:SessionId=00D5j00000SfSso!configured.session.of.jade",
        $"--LocalStack:Users:9:UserId={JwtUserIds[0]}",
        "--LocalStack:Users:9:Email=jade@example.com",
        "--LocalStack:Users:10:SessionId=00D5j00000SfSso!configured.session.of.jules",
        $"--LocalStack:Users:10:UserId={JwtUserIds[1]}",
        "--LocalStack:Users:10:Email=jules@example.com",
        "--LocalStack:Users:11:SessionId=00D5j00000SfSso!configured.session.of.kit",
        $"--LocalStack:Users:11:UserId={JwtUserIds[2]}",
        "--LocalStack:Users:11:Email=kit@example.com",
    ];

    /// <summary>Users who sign in with JWT-based access tokens only (one test each).</summary>
    public static readonly string[] JwtUserIds = ["0055j00000Jade1", "0055j00000Jule1", "0055j00000Kit01"];

    /// <summary>Used only by the test whose deactivation arrives as a gap event.</summary>
    public const string GapSession = "00D5j00000SfSso!configured.session.of.mia";

    public const string GapUserId = "0055j00000Mia01";

    /// <summary>Used only by the test that takes a ticket before deactivating its user.</summary>
    public const string DeactivatedWithTicketSession = "00D5j00000SfSso!configured.session.of.liam";

    public const string DeactivatedWithTicketUserId = "0055j00000Liam1";

    /// <summary>Used only by single sign-out tests (logged out, deactivated): no other test signs them in.</summary>
    public static readonly string[] SignOutSessions = ["00D5j00000SfSso!configured.session.of.gina", "00D5j00000SfSso!configured.session.of.hank"];

    public static readonly string[] SignOutUserIds = ["0055j00000Gina1", "0055j00000Hank1"];

    /// <summary>Used only by the tests that count Salesforce calls per sign-in, so no cache holds them before.</summary>
    public static readonly string[] TicketSessions = ["00D5j00000SfSso!configured.session.for.the.ticket", "00D5j00000SfSso!configured.session.without.a.ticket"];

    /// <summary>A signed request as Salesforce would POST it for a demo user of this stack.</summary>
    public string CanvasRequestFor(DemoUser user) => CanvasRequestBuilder.Sign(
        CanvasRequestBuilder.Envelope(SalesforceUrl, user.SessionId, user.OrgId.Value, user.UserId.Value), CanvasConsumerSecret);

    public async Task InitializeAsync()
    {
        app = LocalStackHost.Build([.. Args, .. ExtraArgs], customize: builder =>
        {
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging();
            if (Time is { } time)
            {
                builder.Services.AddSingleton(time);
            }
        });
        await LocalStackHost.StartAsync(app);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async Task<(int Status, JsonObject Body)> ValidateAsync(string session)
    {
        using var response = await Http.PostAsJsonAsync($"{ValidatorUrl}/v1/sessions/validate", new { sessionId = session });
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public async Task<(int Status, JsonObject Body)> CognitoAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CognitoUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.Add("X-Amz-Target", $"AWSCognitoIdentityProviderService.{operation}");
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>POST /oauth2/token with a form; the status and the JSON answer.</summary>
    public async Task<(int Status, JsonObject Body)> ExchangeAsync(IDictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await Http.PostAsync($"{ValidatorUrl}/oauth2/token", content);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public static Dictionary<string, string> ExchangeForm(string session, string? requested = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = session,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        };
        if (requested is not null)
        {
            form["requested_token_type"] = requested;
        }

        return form;
    }

    /// <summary>A new Salesforce session for a stand-in user, as logging in again gives one.</summary>
    public async Task<string> LogInToSalesforceAsync(string email) => (await LogInWithAccessTokenAsync(email)).Session;

    /// <summary>A new login: the session, and the JWT-based access token an org with them turned on gives the app.</summary>
    public async Task<(string Session, string AccessToken)> LogInWithAccessTokenAsync(string email)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["un"] = email });
        using var response = await Http.PostAsync($"{SalesforceUrl}/login.jsp", content);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["sessionId"]!.GetValue<string>(), body["accessToken"]!.GetValue<string>());
    }

    /// <summary>The validator endpoint with a JWT-based access token.</summary>
    public async Task<(int Status, JsonObject Body)> ValidateAccessTokenAsync(string accessToken)
    {
        using var content = new StringContent(new JsonObject { ["accessToken"] = accessToken }.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync($"{ValidatorUrl}/v1/sessions/validate", content);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>A UI logout, as the browser sends it: the session in the sid cookie.</summary>
    public async Task LogOutOfSalesforceAsync(string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{SalesforceUrl}/secur/logout.jsp");
        request.Headers.Add("Cookie", $"sid={session}");
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>An admin deactivates a user through the REST API.</summary>
    /// <param name="asGap">The stand-in publishes the change as a GAP_UPDATE (record IDs, no field values).</param>
    public async Task SetActiveAsync(string userId, bool isActive, string adminSession, bool asGap = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{SalesforceUrl}/services/data/v62.0/sobjects/User/{userId}" + (asGap ? "?sfsso_gap=1" : string.Empty))
        {
            Content = new StringContent(new JsonObject { ["IsActive"] = isActive }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminSession);
        using var response = await Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Steps 2 and 3 of a sign-in, as anyone who knows the username can make them: InitiateAuth, then the
    /// answer, with <paramref name="ticket"/> as ClientMetadata when given. The answer's status and body.</summary>
    public async Task<(int Status, JsonObject Body)> AnswerAsync(string username, string session, string? ticket = null)
    {
        var (_, started) = await CognitoAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = "sfssolocal",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = username },
        });
        var answer = new JsonObject
        {
            ["ClientId"] = "sfssolocal",
            ["ChallengeName"] = "CUSTOM_CHALLENGE",
            ["Session"] = started["Session"]!.GetValue<string>(),
            ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = started["ChallengeParameters"]!["USERNAME"]!.GetValue<string>(), ["ANSWER"] = session },
        };
        if (ticket is not null)
        {
            answer["ClientMetadata"] = new JsonObject { ["ticket"] = ticket };
        }

        return await CognitoAsync("RespondToAuthChallenge", answer);
    }

    /// <summary>The three steps of a sign-in; returns the AuthenticationResult.</summary>
    public async Task<JsonObject> SignInAsync(string session)
    {
        var (status, validated) = await ValidateAsync(session);
        Assert.Equal(200, status);
        var username = validated["username"]!.GetValue<string>();
        var (_, started) = await CognitoAsync("InitiateAuth", new JsonObject
        {
            ["AuthFlow"] = "CUSTOM_AUTH",
            ["ClientId"] = "sfssolocal",
            ["AuthParameters"] = new JsonObject { ["USERNAME"] = username },
        });
        var (answered, done) = await CognitoAsync("RespondToAuthChallenge", new JsonObject
        {
            ["ClientId"] = "sfssolocal",
            ["ChallengeName"] = "CUSTOM_CHALLENGE",
            ["Session"] = started["Session"]!.GetValue<string>(),
            ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = started["ChallengeParameters"]!["USERNAME"]!.GetValue<string>(), ["ANSWER"] = session },
        });
        Assert.True(answered == 200, done.ToJsonString());
        return done["AuthenticationResult"]!.AsObject();
    }
}

/// <summary>
/// The local stack in Email mode (<c>Identity__Key=Email</c>), with one demo user whose address a user of another
/// provider already holds in the pool (<see cref="SeedLinkableUser"/>): its first sign-in links to that user.
/// </summary>
public sealed class EmailModeStack : RunningStack
{
    public const string LinkedSession = "00D5j00000SfSso!configured.session.of.nina";

    public const string LinkedEmail = "nina@example.com";

    public const string OtherProvidersUsername = "Google_1234567890";

    protected override string[] ExtraArgs =>
    [
        "--Identity:Key=Email",
        "--Salesforce:Endpoint=UserInfo",
        $"--LocalStack:Users:20:SessionId={LinkedSession}",
        "--LocalStack:Users:20:UserId=0055j00000Nina1",
        $"--LocalStack:Users:20:Email={LinkedEmail}",
        "--LocalStack:Users:21:SessionId=00D5j00000SfSso!configured.session.of.olga",
        "--LocalStack:Users:21:UserId=0055j00000Olga1",
        $"--LocalStack:Users:21:Email={JwtEmail}",
    ];

    /// <summary>A user who signs in with JWT-based access tokens only (one test).</summary>
    public const string JwtEmail = "olga@example.com";

    /// <summary>A user another provider made (a Google sign-in), with the same verified address.</summary>
    public void SeedLinkableUser() => App.Services.GetRequiredService<Emulators.Cognito.PoolUsers>().Create(
        OtherProvidersUsername, new Dictionary<string, string> { ["email"] = LinkedEmail, ["email_verified"] = "true" });
}

/// <summary>The local stack with every trigger invoked twice with the same event (<c>LocalStack__TriggerRepeats=1</c>),
/// as Cognito may invoke one again after a timeout or a failure.</summary>
public sealed class RepeatingTriggersStack : RunningStack
{
    protected override string[] ExtraArgs => ["--LocalStack:TriggerRepeats=1"];
}

/// <summary>The local stack with refresh token rotation on its app clients and no grace period
/// (<c>LocalStack__RefreshTokenRotation=true</c>, <c>__RefreshTokenRetryGraceSeconds=0</c>): a replaced refresh token
/// is refused at once, so a client refreshing twice with one token shows.</summary>
public sealed class RotatingRefreshStack : RunningStack
{
    protected override string[] ExtraArgs => ["--LocalStack:RefreshTokenRotation=true", "--LocalStack:RefreshTokenRetryGraceSeconds=0"];
}

/// <summary>The local stack with its events app misconfigured to issue JWT-based access tokens
/// (<c>LocalStack__EventsTokenFormat=jwt</c>), which the Pub/Sub API refuses.</summary>
public sealed class JwtEventsAppStack : RunningStack
{
    protected override string[] ExtraArgs => ["--LocalStack:EventsTokenFormat=jwt"];
}

/// <summary>The local stack as it starts by default, for a test that freezes the events app's run-as user (every
/// other test's single sign-out would stop with it).</summary>
public sealed class FrozenRunAsUserStack : RunningStack;

/// <summary>The local stack on a clock the test moves, sweeping every minute of it (<c>SignOut__SweepMinutes=1</c>).</summary>
public sealed class SweepingStack : RunningStack
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override string[] ExtraArgs => ["--SignOut:SweepMinutes=1"];

    protected override TimeProvider? Time => Clock;
}
