namespace SfCognitoSso.Core.SignOut;

/// <summary>What the directory did with a sign-out.</summary>
public enum DirectorySignOut
{
    /// <summary>The user's refresh tokens are revoked.</summary>
    SignedOut,

    /// <summary>No such user: one we never created, or already deleted. Nothing to do.</summary>
    UnknownUser,

    /// <summary>The directory could not be reached or refused for another reason; worth trying again.</summary>
    Unavailable,

    /// <summary>The directory's request rate is used up for now (its quota, not this user): try again after a pause,
    /// as often as it takes.</summary>
    Throttled,
}
