using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>What keeps the NativeAOT cold start lean and cannot be seen in a functional test.</summary>
public sealed class ColdStartCompositionTests
{
    /// <summary>Through the options system's open generic, each settings type costs a runtime type load on a NativeAOT
    /// cold start (docs/benchmarks.md); every one of the product's that the triggers bind must be registered closed (ResolvedClosed).</summary>
    /// <remarks>Verify alone too: the function for every trigger composes Verify's adapter that way on first use.</remarks>
    [Theory]
    [InlineData(CognitoTriggerNames.Any)]
    [InlineData(CognitoTriggerNames.Verify)]
    public void Every_settings_type_the_triggers_bind_is_resolved_through_a_closed_registration(string handler)
    {
        Assert.True(CognitoTriggerNames.TryParseSelection(handler, out var triggers));
        var composed = Composed(triggers);

        var bound = composed.Where(descriptor => descriptor.ServiceType.IsGenericType
                && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(descriptor => descriptor.ServiceType.GetGenericArguments()[0])
            .Where(settings => settings.Namespace?.StartsWith("SfCognitoSso.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        var closed = composed.Where(descriptor => descriptor.ServiceType.IsConstructedGenericType
                && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IOptions<>))
            .Select(descriptor => descriptor.ServiceType.GetGenericArguments()[0])
            .ToHashSet();

        Assert.NotEmpty(bound);
        Assert.Empty(bound.Where(settings => !closed.Contains(settings)).Select(settings => settings.FullName));
    }

    /// <summary>A cold start of the function for every trigger is usually a Define event: Verify's HTTP, resilience and
    /// cache are composed when a verify event first needs them, and its settings are checked at the cold start all the same.</summary>
    [Fact]
    public void The_function_for_every_trigger_composes_verifys_salesforce_adapter_only_when_verify_first_needs_it()
    {
        var composed = Composed(CognitoTriggerNames.All);

        Assert.DoesNotContain(composed, descriptor => descriptor.ServiceType == typeof(System.Net.Http.IHttpClientFactory));
        Assert.Contains(composed, descriptor => descriptor.ServiceType == typeof(IOptions<SfCognitoSso.Adapters.Salesforce.SalesforceOptions>));
        var bad = LambdaHarness.SalesforceSettings("https://example.my.salesforce.com");
        bad["Salesforce:ApiVersion"] = "62";
        var error = Assert.Throws<OptionsValidationException>(() => LambdaComposition.Build(CognitoTriggerNames.All, LambdaHarness.Settings(bad), TextWriter.Null));
        Assert.Contains("Salesforce__ApiVersion", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Initialisation ahead of traffic (provisioned concurrency) composes it at once, off every sign-in's path.</summary>
    [Fact]
    public void Ahead_of_traffic_verifys_adapter_is_composed_at_once()
    {
        var compositions = 0;
        using var provider = LambdaComposition.Build(
            CognitoTriggerNames.All,
            LambdaHarness.Settings(LambdaHarness.SalesforceSettings("https://example.my.salesforce.com")),
            TextWriter.Null,
            _ => compositions++);
        Assert.Equal(1, compositions);

        Composition.TriggerComposition.ComposeDeferred(provider);
        Composition.TriggerComposition.ComposeDeferred(provider);

        Assert.Equal(2, compositions);
    }

    /// <summary>The services a cold start registers for these triggers (built, so the settings are checked too).</summary>
    private static IServiceCollection Composed(IReadOnlyList<CognitoTrigger> triggers)
    {
        IServiceCollection? composed = null;
        using var provider = LambdaComposition.Build(
            triggers,
            LambdaHarness.Settings(LambdaHarness.SalesforceSettings("https://example.my.salesforce.com")),
            TextWriter.Null,
            services => composed ??= services);
        return composed!;
    }
}
