namespace SfCognitoSso.Core.SignOut;

/// <summary>Why Salesforce says the user's sessions ended.</summary>
public enum SignOutCause
{
    /// <summary>A logout from the org's UI (LogoutEventStream).</summary>
    Logout,

    /// <summary>The user record was deactivated (a UserChangeEvent with IsActive now false, or found by a sweep).</summary>
    Deactivated,

    /// <summary>The user's login was frozen (<c>UserLogin.IsFrozen</c>; no event says so: found by a sweep).</summary>
    Frozen,
}
