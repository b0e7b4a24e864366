namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// Registered where single sign-out runs (an events app for some org): proofs of sessions cached here may
/// be revoked later, so they say so and every reader checks for a sign-out mark. Absent, no mark is ever looked up —
/// a shared cache then costs one read per hit, as before single sign-out existed.
/// </summary>
public sealed class SignOutMarksInUse;
