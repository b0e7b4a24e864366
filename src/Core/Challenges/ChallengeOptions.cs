using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Challenges;

/// <summary>The challenge's settings (<c>Challenge__…</c>).</summary>
public sealed class ChallengeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Challenge";

    /// <summary>The most wrong answers a setting may allow.</summary>
    public const int MaxAttemptsLimit = 10;

    /// <summary>Wrong answers allowed before the sign-in fails (<c>Challenge__MaxAttempts</c>).</summary>
    public int MaxAttempts { get; set; } = 3;
}

internal sealed class ChallengeOptionsValidator : IValidateOptions<ChallengeOptions>
{
    public ValidateOptionsResult Validate(string? name, ChallengeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxAttempts is >= 1 and <= ChallengeOptions.MaxAttemptsLimit
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Challenge__MaxAttempts must be between 1 and {ChallengeOptions.MaxAttemptsLimit}.");
    }
}
