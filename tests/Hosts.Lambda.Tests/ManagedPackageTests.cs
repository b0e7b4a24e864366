using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// The managed runtime's package as Terraform deploys it: the published folder's runtimeconfig names the .NET the
/// runtime <c>dotnet10</c> provides, and every handler string Terraform writes resolves in the published assembly to a
/// public Stream-in/Stream-out method on a class Lambda can construct.
/// </summary>
public sealed partial class ManagedPackageTests
{
    private static readonly Lazy<string> Published = new(() => PublishedApp.Of("src/Hosts/Lambda", "SFSSO_LAMBDA_MANAGED_APP"));

    [Fact]
    public void The_runtimeconfig_names_the_dotnet_that_the_offered_managed_runtime_runs()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Published.Value, "SfCognitoSso.Hosts.Lambda.runtimeconfig.json")))!["runtimeOptions"]!;
        var variables = File.ReadAllText(Path.Combine(PublishedApp.RepositoryRoot(), "infra", "terraform", "aws", "variables.tf"));
        var managed = ManagedRuntime().Matches(variables).Select(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToArray();

        var major = Assert.Single(managed);
        Assert.Equal($"net{major}.0", config["tfm"]!.GetValue<string>());
        Assert.Equal("Microsoft.NETCore.App", config["framework"]!["name"]!.GetValue<string>());
        Assert.StartsWith($"{major}.", config["framework"]!["version"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_handler_string_terraform_writes_resolves_in_the_published_assembly()
    {
        var main = File.ReadAllText(Path.Combine(PublishedApp.RepositoryRoot(), "infra", "terraform", "aws", "main.tf"));
        var template = HandlerTemplate().Match(main).Groups[1].Value;
        var methods = TriggerMethod().Matches(main).Select(match => match.Groups[1].Value).ToArray();
        Assert.Equal(5, methods.Length); // four triggers and the one function serving them all

        var context = new PublishedContext(Path.Combine(Published.Value, "SfCognitoSso.Hosts.Lambda.dll"));
        try
        {
            foreach (var handler in methods.Select(method => template.Replace("${each.value.method}", method, StringComparison.Ordinal)))
            {
                var parts = handler.Split("::");
                Assert.Equal(3, parts.Length);
                var assembly = context.LoadFromAssemblyName(new AssemblyName(parts[0]));
                var type = assembly.GetType(parts[1], throwOnError: false);
                Assert.True(type is { IsPublic: true, IsAbstract: false }, $"{handler}: no public class {parts[1]}");
                Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
                var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance);
                Assert.True(method is not null, $"{handler}: no public method {parts[2]}");
                Assert.Equal([typeof(Stream).FullName], method.GetParameters().Select(parameter => parameter.ParameterType.FullName));
                Assert.Equal(typeof(Task<Stream>).FullName, method.ReturnType.FullName);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [GeneratedRegex(@"""dotnet(\d+)""")]
    private static partial Regex ManagedRuntime();

    [GeneratedRegex(@"local\.managed_runtime \? ""([^""]+)""")]
    private static partial Regex HandlerTemplate();

    [GeneratedRegex(@"method\s*=\s*""(\w+)""")]
    private static partial Regex TriggerMethod();

    /// <summary>Loads the published assembly and its dependencies from the published folder, apart from the tests' own copy.</summary>
    private sealed class PublishedContext(string mainAssembly) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
