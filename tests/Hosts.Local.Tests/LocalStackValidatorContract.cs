using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Local.Tests;

/// <summary>The validator contract against the local stack's validator. Not the directory choice: its directory is always the emulated pool and its exchange always on.</summary>
public sealed class LocalStackHosting : IValidatorHosting
{
    /// <summary>The contract's classes for this host run one after another, as one class did.</summary>
    public const string Collection = "LocalStack validator contract";

    public IValidatorHost Create(IReadOnlyDictionary<string, string?> settings) => LocalStackValidatorHost.Start(settings);

    public bool TicketsOnByDefault => true;
}

[Collection(LocalStackHosting.Collection)]
public sealed class LocalStackSignIn : SignInFacts<LocalStackHosting>;

[Collection(LocalStackHosting.Collection)]
public sealed class LocalStackRefusal : RefusalFacts<LocalStackHosting>;

[Collection(LocalStackHosting.Collection)]
public sealed class LocalStackEdge : EdgeFacts<LocalStackHosting>;

[Collection(LocalStackHosting.Collection)]
public sealed class LocalStackCanvas : CanvasFacts<LocalStackHosting>;
