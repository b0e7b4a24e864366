using Microsoft.Extensions.Logging.Testing;

namespace SfCognitoSso.Testing;

/// <summary>Captured log records as text: message, exception and every named value, so a secret hidden in any of
/// them shows up in a plain substring search.</summary>
public static class LogText
{
    public static string Of(FakeLogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState?.Select(pair => $"{pair.Key}={pair.Value}") ?? [])}";
    }

    public static IReadOnlyList<string> Of(FakeLogCollector logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return [.. logs.GetSnapshot().Select(Of)];
    }
}
