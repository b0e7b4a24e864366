using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// One JSON object per log line on the given writer (stderr: Lambda sends it to CloudWatch, and `invoke` keeps
/// stdout for the event). A few lines of code instead of the console logger keeps the cold start short. It writes
/// the message and its named values only; callers never log the session.
/// </summary>
public sealed class JsonLineLoggerProvider(TextWriter output) : ILoggerProvider
{
    private readonly Lock gate = new();

    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, string message, IReadOnlyList<KeyValuePair<string, object?>>? state, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteString("message", message);
            foreach (var (key, value) in state ?? [])
            {
                if (key != "{OriginalFormat}")
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (exception is not null)
            {
                json.WriteString("exceptionType", exception.GetType().FullName);
            }

            json.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private sealed class JsonLineLogger(JsonLineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            provider.Write(category, logLevel, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>>, exception);
        }
    }
}
