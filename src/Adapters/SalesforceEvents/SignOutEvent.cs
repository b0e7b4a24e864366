using Avro;
using Avro.Generic;
using Avro.IO;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Core.SignOut;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>
/// What an event asks of single sign-out: the users whose sessions ended and why. A logout names its user
/// (<c>UserId</c>); a user change is a deactivation when it is an <c>UPDATE</c> whose <c>IsActive</c> is now false,
/// for every record it names. A gap event (<c>GAP_CREATE</c>, <c>GAP_UPDATE</c>, <c>GAP_DELETE</c>,
/// <c>GAP_UNDELETE</c>) names records whose change is unknown: each may have been deactivated, so they are
/// <see cref="Unconfirmed"/> and Salesforce is asked which are inactive. <c>GAP_OVERFLOW</c> names no records
/// (<see cref="Overflow"/>). Anything else asks nothing.
/// </summary>
/// <param name="Unconfirmed">The users may still be active: sign out only those Salesforce says are not.</param>
/// <param name="At">When it happened in Salesforce (a logout's <c>EventDate</c>, a change's <c>commitTimestamp</c>).</param>
public sealed record SignOutEvent(SignOutCause Cause, IReadOnlyList<SalesforceId> Users, bool Unconfirmed = false, DateTimeOffset? At = null)
{
    /// <summary>For a sweep's users: when Salesforce changed each (a user signed out since is left alone).</summary>
    public IReadOnlyDictionary<SalesforceId, DateTimeOffset>? ChangedAt { get; init; }

    public static readonly SignOutEvent None = new(SignOutCause.Logout, []);

    /// <summary>Too many changes for Salesforce to describe: which users changed is unknown.</summary>
    public static readonly SignOutEvent Overflow = new(SignOutCause.Deactivated, [], Unconfirmed: true);

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
            ? new SignOutEvent(SignOutCause.Logout, [user], At: TimeOf(Field(record, "EventDate") ?? Field(record, "CreatedDate")))
            : None;

    /// <summary>A timestamp-millis field, as the Avro reader gives it (a DateTime, or the raw milliseconds).</summary>
    private static DateTimeOffset? TimeOf(object? value) => value switch
    {
        DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
        long milliseconds when milliseconds is > 0 and < 253_402_300_799_999 => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => null,
    };

    private static SignOutEvent UserChange(GenericRecord record)
    {
        if (Field(record, "ChangeEventHeader") is not GenericRecord header || Field(header, "changeType") is not GenericEnum { Value: var changeType })
        {
            return None;
        }

        if (changeType == "GAP_OVERFLOW")
        {
            return Overflow;
        }

        var gap = changeType.StartsWith("GAP_", StringComparison.Ordinal);
        if ((!gap && (changeType != "UPDATE" || Field(record, "IsActive") is not false))
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

        return new SignOutEvent(SignOutCause.Deactivated, users, Unconfirmed: gap, At: TimeOf(Field(header, "commitTimestamp")));
    }

    private static object? Field(GenericRecord record, string name) => record.TryGetValue(name, out var value) ? value : null;
}
