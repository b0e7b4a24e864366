using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>What keeps the NativeAOT cold start lean and cannot be seen in a functional test.</summary>
public sealed class ColdStartCompositionTests
{
    /// <summary>Through the options system's open generic, each settings type costs a runtime type load on a NativeAOT
    /// cold start (docs/benchmarks.md); every one of the product's that the triggers bind must be registered closed (ResolvedClosed).</summary>
    [Fact]
    public void Every_settings_type_the_triggers_bind_is_resolved_through_a_closed_registration()
    {
        IServiceCollection? composed = null;
        using var provider = LambdaComposition.Build(
            CognitoTriggerNames.All,
            LambdaHarness.Settings(LambdaHarness.SalesforceSettings("https://example.my.salesforce.com")),
            TextWriter.Null,
            services => composed = services);

        var bound = composed!.Where(descriptor => descriptor.ServiceType.IsGenericType
                && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(descriptor => descriptor.ServiceType.GetGenericArguments()[0])
            .Where(settings => settings.Namespace?.StartsWith("SfCognitoSso.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        var closed = composed!.Where(descriptor => descriptor.ServiceType.IsConstructedGenericType
                && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IOptions<>))
            .Select(descriptor => descriptor.ServiceType.GetGenericArguments()[0])
            .ToHashSet();

        Assert.NotEmpty(bound);
        Assert.Empty(bound.Where(settings => !closed.Contains(settings)).Select(settings => settings.FullName));
    }
}
