using Avro;
using Avro.Generic;
using Avro.IO;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// What an event asks of single sign-out: the users whose sessions ended and why. A logout names its user
/// (<c>UserId</c>); a user change is a deactivation when it is an <c>UPDATE</c> whose <c>IsActive</c> is now false,
/// for every record it names. Anything else asks nothing.
/// </summary>
public sealed record SignOutEvent(SignOutCause Cause, IReadOnlyList<SalesforceId> Users)
{
    public static readonly SignOutEvent None = new(SignOutCause.Logout, []);

    /// <summary>Reads an event's Avro payload (binary, no container header) with its schema.</summary>
    /// <exception cref="MalformedEventException">The payload does not match the schema, or a field has the wrong type.</exception>
    public static SignOutEvent Read(string topic, Schema schema, ReadOnlySpan<byte> payload)
    {
        GenericRecord record;
        try
        {
            using var stream = new MemoryStream(payload.ToArray(), writable: false);
            record = new GenericDatumReader<GenericRecord>(schema, schema).Read(reuse: null!, new BinaryDecoder(stream));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A third-party decoder on bytes from outside: any failure of it means "not an event", never a crash.
            throw new MalformedEventException($"The payload is not a {topic} event of its schema ({exception.GetType().Name}).");
        }

        return topic switch
        {
            SignOutTopics.Logout => Logout(record),
            SignOutTopics.UserChange => UserChange(record),
            _ => None,
        };
    }

    private static SignOutEvent Logout(GenericRecord record) =>
        Field(record, "UserId") is string text && SalesforceId.TryParseUser(text, out var user)
            ? new SignOutEvent(SignOutCause.Logout, [user])
            : None;

    private static SignOutEvent UserChange(GenericRecord record)
    {
        if (Field(record, "ChangeEventHeader") is not GenericRecord header
            || Field(header, "changeType") is not GenericEnum { Value: "UPDATE" }
            || Field(record, "IsActive") is not false
            || Field(header, "recordIds") is not IEnumerable<object> recordIds)
        {
            return None;
        }

        var users = new List<SalesforceId>();
        foreach (var id in recordIds)
        {
            if (id is string text && SalesforceId.TryParseUser(text, out var user))
            {
                users.Add(user);
            }
        }

        return new SignOutEvent(SignOutCause.Deactivated, users);
    }

    private static object? Field(GenericRecord record, string name) => record.TryGetValue(name, out var value) ? value : null;
}
