namespace SfCognitoSso.Testing;

/// <summary>
/// Sets process environment variables for one test and puts back what was there before. The environment is shared by
/// every test in the process, so a class that uses this belongs to a collection that runs alone.
/// </summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> before = new(StringComparer.Ordinal);

    public EnvironmentScope(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (name, value) in variables)
        {
            before.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public EnvironmentScope(params (string Name, string? Value)[] variables)
        : this(variables.Select(variable => KeyValuePair.Create(variable.Name, variable.Value)))
    {
    }

    public void Dispose()
    {
        foreach (var (name, value) in before)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
