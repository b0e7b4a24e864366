using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Challenges;

public sealed class ChallengeOptions
{
    public const string Section = "Challenge";

    public const int MaxAttemptsLimit = 10;

    /// <summary>Wrong answers allowed before the sign-in fails (<c>Challenge__MaxAttempts</c>).</summary>
    public int MaxAttempts { get; set; } = 3;
}

public sealed class ChallengeOptionsValidator : IValidateOptions<ChallengeOptions>
{
    public ValidateOptionsResult Validate(string? name, ChallengeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxAttempts is >= 1 and <= ChallengeOptions.MaxAttemptsLimit
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Challenge__MaxAttempts must be between 1 and {ChallengeOptions.MaxAttemptsLimit}.");
    }
}
