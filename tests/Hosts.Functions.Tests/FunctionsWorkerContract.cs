using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Functions.Tests;

/// <summary>The validator contract against the published Functions app running as its own worker process under the Functions host stand-in. Not the proxy facts: the host sets <c>X-Forwarded-For</c> from its own connection.</summary>
public sealed class FunctionsWorkerHosting : IValidatorHosting
{
    /// <summary>The contract's classes for this host run one after another, as one class did.</summary>
    public const string Collection = "FunctionsWorker validator contract";

    public IValidatorHost Create(IReadOnlyDictionary<string, string?> settings) => FunctionsWorkerHost.Start(settings);
}

[Collection(FunctionsWorkerHosting.Collection)]
public sealed class FunctionsWorkerSignIn : SignInFacts<FunctionsWorkerHosting>;

[Collection(FunctionsWorkerHosting.Collection)]
public sealed class FunctionsWorkerRefusal : RefusalFacts<FunctionsWorkerHosting>;

[Collection(FunctionsWorkerHosting.Collection)]
public sealed class FunctionsWorkerEdge : EdgeFacts<FunctionsWorkerHosting>;

[Collection(FunctionsWorkerHosting.Collection)]
public sealed class FunctionsWorkerCanvas : CanvasFacts<FunctionsWorkerHosting>;

[Collection(FunctionsWorkerHosting.Collection)]
public sealed class FunctionsWorkerDirectoryChoice : DirectoryChoiceFacts<FunctionsWorkerHosting>;
