using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SfCognitoSso.Emulators.Salesforce;
using SfCognitoSso.Testing.LocalStack;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>
/// The stand-in runs the apps infra/salesforce deploys, and answers the events app as an org does: opaque tokens that
/// name the org, Salesforce's token response, userinfo for the app's run-as user, JWT-based tokens only when the app is
/// misconfigured to issue them, and changed fields a client decodes against the event's own schema.
/// </summary>
public sealed class StandInEventsAppTests
{
    private static readonly XNamespace Metadata = "http://soap.sforce.com/2006/04/metadata";

    private static string Flag(string folder, string file, string element) =>
        XDocument.Load(Path.Combine(SfCognitoSso.Testing.PublishedApp.RepositoryRoot(), "infra/salesforce/force-app/main/default", folder, file)).Root!.Element(Metadata + element)!.Value;

    [Fact]
    public void The_stand_ins_apps_are_read_from_the_metadata_that_gets_deployed()
    {
        var events = StandInApp.Load(StandInApp.Events);
        var signIn = StandInApp.Load(StandInApp.SignIn);

        Assert.Equal(Flag("extlClntAppGlobalOauthSets", "SfCognitoSso_Events.ecaGlblOauth-meta.xml", "isClientCredentialsFlowEnabled") == "true", events.ClientCredentialsFlow);
        Assert.Equal(Flag("extlClntAppGlobalOauthSets", "SfCognitoSso_Events.ecaGlblOauth-meta.xml", "isNamedUserJwtEnabled") == "true", events.JwtAccessTokens);
        Assert.Equal(Flag("extlClntAppGlobalOauthSets", "SfCognitoSso_SignIn.ecaGlblOauth-meta.xml", "isNamedUserJwtEnabled") == "true", signIn.JwtAccessTokens);
        Assert.Equal(
            Flag("extlClntAppOauthSettings", "SfCognitoSso_Events.ecaOauth-meta.xml", "commaSeparatedOauthScopes").Split(',', StringSplitOptions.TrimEntries),
            events.Scopes);
        // As deployed: the events app's tokens are opaque and it runs the client credentials flow; the sign-in app's are JWTs.
        Assert.True(events.ClientCredentialsFlow);
        Assert.False(events.JwtAccessTokens);
        Assert.True(signIn.JwtAccessTokens);
        Assert.Equal("api", events.ScopeClaim);
    }

    [Fact]
    public async Task The_events_apps_token_is_opaque_names_the_org_and_is_answered_at_userinfo_as_the_run_as_user()
    {
        await using var standIn = await SalesforceEventsStandIn.StartAsync();
        using var salesforce = new HttpClient { BaseAddress = standIn.Settings.SalesforceUrl };

        using var answer = await salesforce.PostAsync(SalesforceStandIn.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = standIn.EventsApp.ClientId, ["client_secret"] = standIn.EventsApp.ClientSecret,
        }));
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
        var token = body["access_token"]!.GetValue<string>();
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, SalesforceStandIn.UserInfoPath) { Headers = { Authorization = new("Bearer", token) } };
        using var who = await salesforce.SendAsync(userInfo);
        var user = (await who.Content.ReadFromJsonAsync<JsonObject>())!;

        var org = standIn.Settings.Users[0].OrgId.Value;
        Assert.StartsWith(org[..15] + "!", token, StringComparison.Ordinal);
        Assert.Equal("api", body["scope"]!.GetValue<string>());
        Assert.Null(body["token_format"]);
        Assert.False(string.IsNullOrEmpty(body["signature"]?.GetValue<string>()));
        Assert.Equal(System.Net.HttpStatusCode.OK, who.StatusCode);
        Assert.Equal(org, user["organization_id"]!.GetValue<string>());
        Assert.Equal(standIn.EventsApp.RunAsUser.Email, user["preferred_username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_misconfigured_events_app_issues_jwt_tokens_and_says_so_in_its_token_response()
    {
        await using var standIn = await SalesforceEventsStandIn.StartAsync([new("LocalStack:EventsTokenFormat", "jwt")]);
        using var salesforce = new HttpClient { BaseAddress = standIn.Settings.SalesforceUrl };

        using var answer = await salesforce.PostAsync(SalesforceStandIn.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = standIn.EventsApp.ClientId, ["client_secret"] = standIn.EventsApp.ClientSecret,
        }));
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal("jwt", body["token_format"]!.GetValue<string>());
        Assert.Equal(3, body["access_token"]!.GetValue<string>().Split('.').Length);
    }

    [Fact]
    public void A_deactivations_changed_fields_decode_to_is_active_against_the_events_own_schema()
    {
        // As a Pub/Sub client decodes them: the bitmap read from its lowest bit, bit N the schema's Nth field.
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SfCognitoSso.Testing.PublishedApp.RepositoryRoot(), "src/Emulators/Salesforce/UserChangeEvent.avsc")))!;
        var fields = schema["fields"]!.AsArray().Select(field => field!["name"]!.GetValue<string>()).ToList();
        var bits = Convert.ToInt64(StandInEventBus.ChangedIsActive[2..], 16);

        var changed = fields.Where((_, position) => (bits & (1L << position)) != 0).ToList();

        Assert.Equal(["IsActive", "LastModifiedDate", "LastModifiedById"], changed);
    }
}
