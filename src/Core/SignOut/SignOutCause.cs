namespace SfCognitoSso.Core.SignOut;

/// <summary>Why Salesforce says the user's sessions ended.</summary>
public enum SignOutCause
{
    /// <summary>A logout from the org's UI (LogoutEventStream).</summary>
    Logout,

    /// <summary>The user record was deactivated (a UserChangeEvent with IsActive now false).</summary>
    Deactivated,
}
