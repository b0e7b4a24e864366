using System.Reflection;
using SfCognitoSso.Composition;

namespace SfCognitoSso.Hosts.Lambda.Tests;

public sealed class CompositionDependencyTests
{
    [Fact]
    public void The_trigger_composition_and_everything_it_loads_are_free_of_aspnet()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(TriggerComposition).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                Assert.False(reference.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), $"{assembly.GetName().Name} references {reference.Name}");
                if (reference.Name.StartsWith("SfCognitoSso.", StringComparison.Ordinal) && seen.Add(reference.Name))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }
        }

        Assert.Contains("SfCognitoSso.Adapters.Triggers", seen);
        Assert.Contains("SfCognitoSso.Core", seen);
    }
}
