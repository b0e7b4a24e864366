using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SfCognitoSso.Adapters.Http;
using OpenTelemetry.Trace;
using SfCognitoSso.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>Runs alone: activity listeners are process-wide.</summary>
[Collection(Name)]
public sealed class KestrelTelemetryTests : IDisposable
{
    public const string Name = "telemetry";

    private readonly SalesforceStub salesforce = new();
    private readonly WireMockServer cognito = Loopback.StartWireMock();

    public void Dispose()
    {
        salesforce.Dispose();
        cognito.Stop();
    }

    private Dictionary<string, string?> Settings(string? otlpEndpoint) => new()
    {
        ["Directory:Provider"] = "Cognito",
        ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
        ["Cognito:ServiceUrl"] = cognito.Url,
        ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
        ["Salesforce:Orgs:0:InstanceUrl"] = salesforce.Url,
        ["Cache:TtlSeconds"] = "0",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
    };

    [Fact]
    public async Task One_request_is_one_trace_with_the_salesforce_and_cognito_calls_inside()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        cognito.Given(Request.Create().WithPath("/").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody($$"""{"Username":"{{Samples.Username}}","Enabled":true,"UserAttributes":[{"Name":"email","Value":"{{Samples.Email}}"},{"Name":"email_verified","Value":"false"},{"Name":"custom:sf_org_id","Value":"{{Samples.OrgId18}}"},{"Name":"custom:sf_user_id","Value":"{{Samples.UserId18}}"}]}"""));
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("SfCognitoSso.", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var host = new KestrelValidatorHost(Settings(otlpEndpoint: null));

        var response = await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));

        Assert.Equal(200, response.Status);
        var salesforceCall = Assert.Single(spans, span => span.OperationName == "salesforce.validate_session");
        var trace = spans.Where(span => span.TraceId == salesforceCall.TraceId).ToList();
        var root = Assert.Single(trace, span => span.ParentSpanId == default);
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", root.OperationName);
        Assert.Contains(trace, span => span.OperationName == "cognito.AdminGetUser");
        Assert.All(trace, span =>
            Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains(Samples.SessionToken, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Both_session_endpoints_are_counted_by_route_and_the_failure_tables_code()
    {
        salesforce.AnswerAll(SalesforceStub.ChatterPath, 401, "[]");
        var settings = Settings(otlpEndpoint: null);
        settings["Exchange:ClientId"] = "exchangeclient";
        using var host = new KestrelValidatorHost(settings);
        using var requests = new MetricCollector<long>(
            host.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), ValidatorTelemetry.Name, "sfcognitosso.validator.requests");

        await host.SendAsync(ValidatorRequest.ValidateSession(Samples.Session));
        await host.SendAsync(Exchange($"grant_type={Uri.EscapeDataString(Contracts.TokenExchange.GrantType)}&subject_token={Uri.EscapeDataString(Samples.Session)}&subject_token_type={Uri.EscapeDataString(Contracts.TokenExchange.SalesforceSessionType)}"));
        await host.SendAsync(Exchange("grant_type=password"));

        var counted = requests.GetMeasurementSnapshot().Select(measurement => $"{measurement.Tags["route"]} {measurement.Tags["code"]}");
        Assert.Equal(
            ["/v1/sessions/validate invalid_session", "/oauth2/token invalid_session", "/oauth2/token invalid_request"],
            counted);
    }

    private static ValidatorRequest Exchange(string form) =>
        new("POST", "/oauth2/token", "application/x-www-form-urlencoded", System.Text.Encoding.UTF8.GetBytes(form));

    [Theory]
    [InlineData("http://127.0.0.1:4317", true)]
    [InlineData(null, false)]
    public void The_standard_otlp_endpoint_variable_decides_whether_opentelemetry_is_wired(string? otlpEndpoint, bool wired)
    {
        using var host = new KestrelValidatorHost(Settings(otlpEndpoint));

        Assert.Equal(wired, host.Factory.Services.GetService<TracerProvider>() is not null);
    }
}

[CollectionDefinition(KestrelTelemetryTests.Name, DisableParallelization = true)]
public sealed class TelemetryCollection;
