namespace SfCognitoSso.Core.Configuration;

/// <summary>
/// Registered first by a composition that runs no generic host and reads every setting it uses when it is built, so
/// that <see cref="SettingsRegistration.CheckedAtStart{T}"/> leaves out the host's start-up validation hook.
/// </summary>
public sealed class SettingsCheckedByComposition;
