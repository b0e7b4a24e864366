using SfCognitoSso.Core.Flows;

namespace SfCognitoSso.Core.Tests;

public sealed class CoreDependencyTests
{
    [Fact]
    public void The_core_references_no_cloud_sdk_no_http_stack_and_no_aspnet()
    {
        var references = typeof(ValidateSession).Assembly.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        Assert.Contains("Mediator", references);
        Assert.Contains("FluentValidation", references);
        Assert.DoesNotContain(references, name =>
            name.StartsWith("AWSSDK", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Amazon", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Azure", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Azure", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Extensions.Http", StringComparison.OrdinalIgnoreCase)
            || name.Equals("System.Net.Http", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class ContractsDependencyTests
{
    [Fact]
    public void The_contracts_reference_nothing_but_the_runtime()
    {
        var references = typeof(Contracts.ProblemCodes).Assembly.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", $"{name} is not part of the runtime"));
    }
}
