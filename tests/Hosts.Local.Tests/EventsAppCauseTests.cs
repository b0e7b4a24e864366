using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>What the org does wrong with the events app shows on the local stack as it would in production: the cause
/// in <c>/healthz</c> (degraded) and in one Error line, while sign-ins go on unaffected.</summary>
public static class EventsAppCause
{
    public static async Task AssertNamedAsync(RunningStack stack, string cause)
    {
        await stack.App.Services.GetRequiredService<SingleSignOutHealth>().FirstOrgRefusal.WaitAsync(TimeSpan.FromSeconds(60));

        var health = JsonNode.Parse(await stack.Http.GetStringAsync($"{stack.ValidatorUrl}/healthz"))!;
        Assert.Equal("degraded", health["status"]!.GetValue<string>());
        Assert.Contains(cause, health.ToJsonString(), StringComparison.Ordinal);
        var error = Assert.Single(stack.Logs.GetSnapshot(), record => record.Level == LogLevel.Error && record.Message.Contains("cannot read events", StringComparison.Ordinal));
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        var tokens = await stack.SignInAsync(RunningStack.ConfiguredSession);
        Assert.NotNull(tokens["IdToken"]);
    }
}

public sealed class JwtEventsAppTests(JwtEventsAppStack stack) : IClassFixture<JwtEventsAppStack>
{
    [Fact]
    public Task An_events_app_issuing_jwt_tokens_is_the_named_cause_and_sign_ins_go_on() =>
        EventsAppCause.AssertNamedAsync(stack, "JWT-based access tokens");
}

public sealed class FrozenRunAsUserTests(FrozenRunAsUserStack stack) : IClassFixture<FrozenRunAsUserStack>
{
    [Fact]
    public async Task A_frozen_run_as_user_is_the_named_cause_and_sign_ins_go_on()
    {
        using var salesforce = new HttpClient { BaseAddress = new Uri(stack.SalesforceUrl) };
        salesforce.DefaultRequestHeaders.Authorization = new("Bearer", DemoUser.BuiltIn[1].SessionId);
        var logins = await salesforce.GetFromJsonAsync<JsonObject>(
            $"{SalesforceStandIn.QueryPath}?q={Uri.EscapeDataString($"SELECT Id FROM UserLogin WHERE UserId = '{StandInEventsApp.RunAsUserId}'")}");
        var loginId = logins!["records"]![0]!["Id"]!.GetValue<string>();

        using var freeze = await salesforce.PatchAsync(SalesforceStandIn.UserLoginRecordPath + loginId,
            new StringContent("""{"IsFrozen": true}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, freeze.StatusCode);

        await EventsAppCause.AssertNamedAsync(stack, "run-as user is inactive or frozen");
    }
}
