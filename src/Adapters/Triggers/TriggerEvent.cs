using System.Buffers;
using System.Text.Json;

namespace SfCognitoSso.Adapters.Triggers;

/// <summary>
/// A Cognito trigger event as Cognito sent it: the few fields a decision needs are read and type-checked, and the
/// reply is the event unchanged but for its <c>response</c>. Read as a document rather than bound to classes:
/// whatever Cognito adds is echoed byte for byte, and a cold start does not build serializer metadata for a dozen
/// types it reads three fields of (docs/benchmarks.md).
/// </summary>
internal sealed class TriggerEvent : IDisposable
{
    private const string ResponseProperty = "response";

    private readonly JsonDocument document;
    private readonly string kind;
    private readonly int length;

    private TriggerEvent(JsonDocument document, string kind, int length)
    {
        this.document = document;
        this.kind = kind;
        this.length = length;
        Request = ObjectOrEmpty(document.RootElement, "request");
    }

    /// <summary>The event's <c>request</c>; an absent or null one reads as empty (<see cref="JsonValueKind.Undefined"/>).</summary>
    public JsonElement Request { get; }

    public string? UserName => String(document.RootElement, "userName", "userName");

    public string? Version => String(document.RootElement, "version", "version");

    public string? UserPoolId => String(document.RootElement, "userPoolId", "userPoolId");

    /// <summary>The app client the sign-in is made with (<c>callerContext.clientId</c>).</summary>
    public string? ClientId => String(ObjectOrEmpty(document.RootElement, "callerContext"), "clientId", "callerContext.clientId");

    /// <summary>Reads the event; broken JSON, or anything but an object, is a <see cref="TriggerEventException"/> that
    /// says where it broke and never quotes the input.</summary>
    public static TriggerEvent Parse(ReadOnlyMemory<byte> json, CognitoTrigger trigger)
    {
        var kind = CognitoTriggerNames.NameOf(trigger);
        // The reader checks UTF-8 only in what it decodes; the reply echoes everything, so check everything.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            throw new TriggerEventException($"The event is not valid UTF-8 text, so not a valid {kind} event.");
        }

        JsonDocument document;
        try
        {
            // A name twice is not something Cognito sends, and echoing it would hand Cognito two answers to choose from.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            throw new TriggerEventException(
                $"The event is not a valid {kind} event (JSON error at line {exception.LineNumber ?? 0}, byte {exception.BytePositionInLine ?? 0}).");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TriggerEventException("The event is not a JSON object.");
        }

        try
        {
            return new TriggerEvent(document, kind, json.Length);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public string? RequestString(string name) => String(Request, name, $"request.{name}");

    public bool? RequestBool(string name)
    {
        var value = Property(Request, name);
        return value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"request.{name} must be true or false"),
        };
    }

    /// <summary>A map of strings (<c>userAttributes</c>, <c>clientMetadata</c>): the value under
    /// <paramref name="key"/>, null when the map, the key or the value is absent.</summary>
    public string? RequestMapValue(string map, string key)
    {
        var values = ObjectOrEmpty(Request, map, $"request.{map}");
        return values.ValueKind == JsonValueKind.Undefined ? null : String(values, key, $"request.{map}");
    }

    /// <summary>The rounds so far (<c>request.session</c>), each a challenge name and result; a null round reads as
    /// an unanswered one with no name.</summary>
    public List<(string? ChallengeName, bool ChallengeResult)> Session()
    {
        var session = Property(Request, "session");
        if (session.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        if (session.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("request.session must be a list");
        }

        var rounds = new List<(string?, bool)>(session.GetArrayLength());
        foreach (var round in session.EnumerateArray())
        {
            if (round.ValueKind == JsonValueKind.Null)
            {
                rounds.Add((null, false));
                continue;
            }

            if (round.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("each round of request.session must be an object");
            }

            var result = Property(round, "challengeResult");
            rounds.Add((
                String(round, "challengeName", "request.session[].challengeName"),
                result.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
                    _ => throw Invalid("request.session[].challengeResult must be true or false"),
                }));
        }

        return rounds;
    }

    /// <summary>The event as it came, with <c>response</c> replaced by what <paramref name="writeResponse"/> writes
    /// (in its place, or last when the event had none).</summary>
    public byte[] Reply(Action<Utf8JsonWriter> writeResponse)
    {
        var buffer = new ArrayBufferWriter<byte>(length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var responded = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // At most one: a name twice is refused when the event is read.
                if (property.NameEquals(ResponseProperty))
                {
                    writer.WritePropertyName(ResponseProperty);
                    writeResponse(writer);
                    responded = true;
                }
                else
                {
                    Echo(property, writer);
                }
            }

            if (!responded)
            {
                writer.WritePropertyName(ResponseProperty);
                writeResponse(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => document.Dispose();

    private void Echo(JsonProperty property, Utf8JsonWriter writer)
    {
        try
        {
            property.WriteTo(writer);
        }
        catch (InvalidOperationException)
        {
            // Valid JSON whose escapes decode to no text (a lone surrogate) cannot be written back.
            throw new TriggerEventException($"The event is not a valid {kind} event: it holds a string that is not Unicode text.");
        }
    }

    private string? String(JsonElement parent, string name, string path)
    {
        var value = Property(parent, name);
        return value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            JsonValueKind.String => Text(value, path),
            _ => throw Invalid($"{path} must be a string"),
        };
    }

    private string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (\ud800) is valid JSON but no text.
            throw Invalid($"{path} must be a string of Unicode text");
        }
    }

    private JsonElement ObjectOrEmpty(JsonElement parent, string name, string? path = null)
    {
        var value = Property(parent, name);
        return value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => default,
            JsonValueKind.Object => value,
            _ => throw Invalid($"{path ?? name} must be an object"),
        };
    }

    private static JsonElement Property(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) ? value : default;

    // Names the field, never its value: the value may be a session.
    private TriggerEventException Invalid(string rule) => new($"The event is not a valid {kind} event: {rule}.");
}
