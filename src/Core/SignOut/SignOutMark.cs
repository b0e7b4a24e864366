using System.Globalization;

namespace SfCognitoSso.Core.SignOut;

/// <summary>
/// The rule every proof of a session obeys after a sign-out: a ticket or a cached answer made at or before the user's
/// sign-out mark (or within <see cref="ClockSkew"/> after it) is no proof, and Salesforce is asked instead. Refusing a
/// proof only costs a Salesforce call, so a sign-in with a new session right after the sign-out still works at once.
/// </summary>
public static class SignOutMark
{
    /// <summary>
    /// The mark is written on one host's clock and compared with proofs made on another's (the validator on Azure,
    /// Verify on AWS): a proof within this much after the mark is treated as made before it.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>True when a proof made at <paramref name="provenAt"/> may not sign in a user signed out at
    /// <paramref name="signedOutAt"/>.</summary>
    public static bool Outlives(DateTimeOffset provenAt, DateTimeOffset? signedOutAt) =>
        signedOutAt is { } mark && provenAt - ClockSkew <= mark;

    /// <summary>The attribute's text, whole Unix seconds; absent or empty is no mark. Any other text fails closed: no
    /// proof outlives it, so every sign-in of that user asks Salesforce.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MaxValue;
    }

    /// <summary>The mark's value for a sign-out at this time (Unix seconds).</summary>
    public static string Format(DateTimeOffset signedOutAt) =>
        signedOutAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
