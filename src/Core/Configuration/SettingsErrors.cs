using Microsoft.Extensions.Options;

namespace SfCognitoSso.Core.Configuration;

/// <summary>The one line an operator needs from a start-up failure caused by a setting: which one, and what is
/// wrong with it. Null when the failure is not about a setting.</summary>
public static class SettingsErrors
{
    /// <summary>The settings problem an exception at start-up stands for, as one line for the operator; null when it is not one.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(inner => Describe(inner) is not null) =>
            string.Join(" ", aggregate.InnerExceptions.Select(Describe)),
        InvalidOperationException conversion when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => conversion.Message,
        _ => null,
    };
}
