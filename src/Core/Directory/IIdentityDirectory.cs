using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Core.Directory;

/// <summary>Port: the Cognito user directory.</summary>
public interface IIdentityDirectory
{
    /// <summary>
    /// Finds the user for this identity or creates it. Idempotent: concurrent calls for one new identity end with
    /// one user, and exactly one of them reports <see cref="DirectoryOutcome.Created"/>.
    /// </summary>
    ValueTask<DirectoryOutcome> FindOrCreateAsync(SalesforceIdentity identity, CancellationToken cancellationToken);
}

public sealed record DirectoryUser(string Username, IReadOnlyDictionary<string, string> Attributes)
{
    public string? Email => Attributes.TryGetValue(IdentityMapping.EmailAttribute, out var email) ? email : null;
}

public sealed record DirectoryOutcome(DirectoryUser? User, bool Created, Failure? Failure)
{
    public static DirectoryOutcome Found(DirectoryUser user) => new(user, Created: false, Failure: null);

    public static DirectoryOutcome NewUser(DirectoryUser user) => new(user, Created: true, Failure: null);

    public static DirectoryOutcome Refused(Failure failure) => new(User: null, Created: false, failure);
}
