namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// The classes that read or write the process environment run alone: the runtime loop sets <c>_X_AMZN_TRACE_ID</c> per
/// invocation and the managed runtime reads its settings from the environment (an <c>ssm:</c> value set there by another
/// test would send it to SSM), so two of them side by side see each other's values.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
