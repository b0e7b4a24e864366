using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>The validator contract against the Kestrel host.</summary>
public sealed class KestrelHosting : IValidatorHosting
{
    /// <summary>The contract's classes for this host run one after another, as one class did.</summary>
    public const string Collection = "Kestrel validator contract";

    public IValidatorHost Create(IReadOnlyDictionary<string, string?> settings) => new KestrelValidatorHost(settings);
}

[Collection(KestrelHosting.Collection)]
public sealed class KestrelSignIn : SignInFacts<KestrelHosting>;

[Collection(KestrelHosting.Collection)]
public sealed class KestrelRefusal : RefusalFacts<KestrelHosting>;

[Collection(KestrelHosting.Collection)]
public sealed class KestrelEdge : EdgeFacts<KestrelHosting>;

[Collection(KestrelHosting.Collection)]
public sealed class KestrelCanvas : CanvasFacts<KestrelHosting>;

[Collection(KestrelHosting.Collection)]
public sealed class KestrelDirectoryChoice : DirectoryChoiceFacts<KestrelHosting>;

[Collection(KestrelHosting.Collection)]
public sealed class KestrelProxy : ProxyFacts<KestrelHosting>;
