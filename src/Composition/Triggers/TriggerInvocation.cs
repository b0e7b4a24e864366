using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Adapters.Triggers;

namespace SfCognitoSso.Composition;

/// <summary>
/// <c>invoke &lt;trigger&gt; &lt; event.json</c>, for every tool that offers it (the Lambda host, the <c>sfsso</c> CLI):
/// the reply on stdout and exit 0; malformed input or an unknown trigger gives one JSON line on stderr and exit 2;
/// bad settings exit 1 naming the setting.
/// </summary>
public static class TriggerInvocation
{
    public const int Malformed = 2;

    public const string Triggers =
        $"{CognitoTriggerNames.Define}|{CognitoTriggerNames.Create}|{CognitoTriggerNames.Verify}|{CognitoTriggerNames.PreTokenGeneration}|{CognitoTriggerNames.Any}";

    public const string Usage = $"usage: invoke <{Triggers}> < event.json";

    /// <param name="build">The service provider for the trigger, from the shared trigger composition plus the tool's logging.</param>
    public static async Task<int> RunAsync(string triggerName, Stream input, Stream output, TextWriter errors, Func<IReadOnlyList<CognitoTrigger>, ServiceProvider> build)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(build);
        if (!CognitoTriggerNames.TryParseSelection(triggerName, out var triggers))
        {
            WriteError(errors, "unknown_trigger", $"Unknown trigger. {Usage}");
            return Malformed;
        }

        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer).ConfigureAwait(false);

        ServiceProvider provider;
        try
        {
            provider = build(triggers);
        }
#pragma warning disable CA1031 // Reported as one line naming the setting.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            WriteError(errors, "invalid_configuration", TriggerComposition.Describe(exception));
            return 1;
        }

        await using (provider.ConfigureAwait(false))
        {
            try
            {
                var handler = provider.GetRequiredService<CognitoTriggerHandler>();
                var payload = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
                var reply = triggers.Count == 1
                    ? await handler.HandleAsync(triggers[0], payload, CancellationToken.None).ConfigureAwait(false)
                    : await handler.HandleAnyAsync(payload, CancellationToken.None).ConfigureAwait(false);
                await output.WriteAsync(reply).ConfigureAwait(false);
                await output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
                return 0;
            }
            catch (TriggerEventException invalid)
            {
                WriteError(errors, "invalid_event", invalid.Message);
                return Malformed;
            }
        }
    }

    /// <summary>One JSON line <c>{"error","message"}</c>.</summary>
    public static void WriteError(TextWriter errors, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        using var buffer = new MemoryStream();
        // Relaxed escaping: the line is read by people in a terminal, not embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("error", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        errors.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        errors.Flush();
    }
}
