using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Core.Directory;

/// <summary>What find-or-create ended with: the user (and whether it was just created), or a failure.</summary>
internal sealed record DirectoryOutcome
{
    private DirectoryOutcome(DirectoryUser? user, bool created, Refusal? failure) =>
        (User, Created, Refusal) = (user, created, failure);

    public DirectoryUser? User { get; }

    public bool Created { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(User))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => User is not null;

    public static DirectoryOutcome Found(DirectoryUser user) => new(user ?? throw new ArgumentNullException(nameof(user)), created: false, failure: null);

    public static DirectoryOutcome NewUser(DirectoryUser user) => new(user ?? throw new ArgumentNullException(nameof(user)), created: true, failure: null);

    public static DirectoryOutcome Refused(Refusal failure) => new(user: null, created: false, failure ?? throw new ArgumentNullException(nameof(failure)));
}
