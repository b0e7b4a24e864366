using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.Salesforce.Tests;

public sealed class SalesforceTelemetryTests : IDisposable
{
    private readonly SalesforceStub salesforce = new();

    public void Dispose() => salesforce.Dispose();

    [Fact]
    public async Task Each_validation_counts_once_by_outcome_and_records_its_latency()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.OtherUserSession, 401, WireData.Read("salesforce/salesforce-error-invalid-session-401.json"));
        using var harness = new SalesforceHarness(salesforce);
        var meters = harness.Core.Get<IMeterFactory>();
        using var validations = new MetricCollector<long>(meters, SalesforceTelemetry.Name, "sfcognitosso.salesforce.validations");
        using var latency = new MetricCollector<double>(meters, SalesforceTelemetry.Name, "sfcognitosso.salesforce.duration");

        await harness.ValidateAsync(Samples.Session);
        await harness.ValidateAsync(Samples.OtherUserSession);

        var outcomes = validations.GetMeasurementSnapshot().Select(m => (string?)m.Tags["outcome"]).Order(StringComparer.Ordinal);
        Assert.Equal(["invalid_session", "valid"], outcomes);
        Assert.All(validations.GetMeasurementSnapshot(), m => Assert.Equal(Samples.OrgId18, m.Tags["sf.org_id"]));
        Assert.Equal(2, latency.GetMeasurementSnapshot().Count);
        Assert.All(latency.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 4));
    }

    [Fact]
    public async Task Every_validation_is_logged_with_org_outcome_and_latency_but_no_session()
    {
        salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser());
        using var harness = new SalesforceHarness(salesforce);

        await harness.ValidateAsync(Samples.Session);

        var line = Assert.Single(harness.Core.Logs.GetSnapshot(), record => record.Category == typeof(SalesforceSessionValidator).FullName);
        Assert.Equal(Samples.OrgId18, line.GetStructuredStateValue("OrgId"));
        Assert.Equal("valid", line.GetStructuredStateValue("Outcome"));
        Assert.Equal("200", line.GetStructuredStateValue("Status"));
        Assert.NotNull(line.GetStructuredStateValue("ElapsedMs"));
    }
}
