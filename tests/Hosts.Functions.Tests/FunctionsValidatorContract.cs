using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Functions.Tests;

/// <summary>The validator contract against the Azure Functions class invoked directly: fast, and the only row where a client can be placed anywhere; the row that runs as Azure runs it is <see cref="FunctionsWorkerHosting"/>.</summary>
public sealed class FunctionsHosting : IValidatorHosting
{
    /// <summary>The contract's classes for this host run one after another, as one class did.</summary>
    public const string Collection = "Functions validator contract";

    public IValidatorHost Create(IReadOnlyDictionary<string, string?> settings) => new FunctionsValidatorHost(settings);
}

[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsSignIn : SignInFacts<FunctionsHosting>;

[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsRefusal : RefusalFacts<FunctionsHosting>;

[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsEdge : EdgeFacts<FunctionsHosting>;

[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsCanvas : CanvasFacts<FunctionsHosting>;

[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsDirectoryChoice : DirectoryChoiceFacts<FunctionsHosting>;

[Collection(FunctionsHosting.Collection)]
public sealed class FunctionsProxy : ProxyFacts<FunctionsHosting>;
