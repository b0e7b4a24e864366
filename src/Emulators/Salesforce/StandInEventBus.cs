using System.Buffers.Binary;
using System.Security.Cryptography;
using Avro;
using Avro.Generic;
using Avro.IO;
using SfCognitoSso.Adapters.SalesforceEvents;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>One event as the stand-in's bus keeps it: its replay ID (a sequence number, 8 bytes big-endian on the
/// wire; opaque to subscribers, as Salesforce's are), its schema and its Avro payload.</summary>
public sealed record BusEvent(long ReplayId, string SchemaId, byte[] Payload)
{
    /// <summary>When the bus took it, on the stand-in's clock: what its retention counts from.</summary>
    public DateTimeOffset PublishedAt { get; init; }

    public static byte[] Encode(long replayId)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, replayId);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out long replayId)
    {
        replayId = 0;
        return bytes.Length == 8 && (replayId = BinaryPrimitives.ReadInt64BigEndian(bytes)) >= 0;
    }
}

/// <summary>
/// The stand-in's event bus: <c>/event/LogoutEventStream</c> and <c>/data/UserChangeEvent</c>, with Salesforce's
/// Avro schemas for both, each event kept for the retention window on the stand-in's clock (Salesforce's: 72 hours;
/// <see cref="SalesforceEmulatorOptions.PubSubRetention"/>), after which its replay ID is one Salesforce no longer knows.
/// </summary>
public sealed class StandInEventBus : IDisposable
{
    // A change event carries only the fields that changed; the others are null.
    private static readonly string[] UnchangedUserFields = ["Username", "LastName", "FirstName", "Email", "UserType", "ProfileId"];

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<BusEvent>> topics = SignOutTopics.All.ToDictionary(topic => topic, _ => new List<BusEvent>(), StringComparer.Ordinal);
    private readonly Dictionary<string, (string Id, Schema Schema)> schemaOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> schemaJson = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> suppressed = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly TimeSpan retention;
    private TaskCompletionSource published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long sequence;

    public StandInEventBus()
        : this(TimeProvider.System, TimeSpan.FromHours(72))
    {
    }

    public StandInEventBus(TimeProvider time, TimeSpan retention)
    {
        this.time = time;
        this.retention = retention;
        startedAt = time.GetUtcNow();
        AddSchema(SignOutTopics.Logout, "LogoutEventStream.avsc");
        AddSchema(SignOutTopics.UserChange, "UserChangeEvent.avsc");
    }

    public bool IsTopic(string topic) => topics.ContainsKey(topic);

    /// <summary>The schema's JSON, by the ID events carry; null for an unknown ID.</summary>
    public string? SchemaJson(string schemaId) => schemaJson.GetValueOrDefault(schemaId);

    /// <summary>Completes at the next publish on any topic.</summary>
    public Task NextPublish
    {
        get
        {
            lock (gate)
            {
                return published.Task;
            }
        }
    }

    /// <summary>The newest replay ID of a topic (0 before the first event).</summary>
    public long Latest(string topic)
    {
        lock (gate)
        {
            return topics[topic] is { Count: > 0 } events ? events[^1].ReplayId : 0;
        }
    }

    /// <summary>True when <paramref name="replayId"/> is one this bus gave (or 0, "before everything").</summary>
    public bool Knows(string topic, long replayId)
    {
        lock (gate)
        {
            // Position 0 (before the first event, a topic's latest while it has none) dates from the bus's start: it
            // ages past the retention as an event does, as a real replay ID of a quiet topic would.
            return replayId == 0 ? Now - startedAt <= retention : topics[topic].Exists(item => item.ReplayId == replayId && Retained(item));
        }
    }

    /// <summary>Up to <paramref name="max"/> events of the topic after <paramref name="replayId"/>.</summary>
    public IReadOnlyList<BusEvent> After(string topic, long replayId, int max)
    {
        lock (gate)
        {
            return [.. topics[topic].Where(item => item.ReplayId > replayId && Retained(item)).Take(max)];
        }
    }

    /// <summary>The next <paramref name="count"/> events of the topic are not published: an event Salesforce never
    /// sent (the stand-in's control, <c>POST /sfsso/events/suppress</c>).</summary>
    public void Suppress(string topic, int count)
    {
        lock (gate)
        {
            suppressed[topic] = suppressed.GetValueOrDefault(topic) + count;
        }
    }

    private bool Retained(BusEvent item) => Now - item.PublishedAt <= retention;

    /// <summary>The bus's clock: the stand-in's, moved on by every outage's length (inside the gate).</summary>
    private DateTimeOffset Now => time.GetUtcNow() + aged;

    private readonly DateTimeOffset startedAt;
    private TimeSpan aged;
    private bool down;
    private CancellationTokenSource outage = new();

    /// <summary>Pub/Sub is unreachable (the stand-in's control, <c>POST /sfsso/events/outage</c>).</summary>
    public bool Down
    {
        get
        {
            lock (gate)
            {
                return down;
            }
        }
    }

    /// <summary>Cancelled when an outage begins: every open stream ends with it.</summary>
    public CancellationToken OutageBegins
    {
        get
        {
            lock (gate)
            {
                return outage.Token;
            }
        }
    }

    /// <summary>Pub/Sub becomes unreachable: open streams end and new ones are refused until <see cref="EndOutage"/>.
    /// Events are still published (Salesforce keeps them while subscribers are away).</summary>
    public void BeginOutage()
    {
        CancellationTokenSource begun;
        lock (gate)
        {
            if (down)
            {
                return;
            }

            down = true;
            begun = outage;
            outage = new CancellationTokenSource();
        }

        begun.Cancel();
        begun.Dispose();
    }

    public void Dispose()
    {
        lock (gate)
        {
            outage.Dispose();
        }
    }

    /// <summary>Pub/Sub answers again, <paramref name="lasted"/> later on the bus's clock: what aged past the retention
    /// meanwhile is gone, and a replay ID of it is one Salesforce no longer knows.</summary>
    public void EndOutage(TimeSpan lasted)
    {
        lock (gate)
        {
            down = false;
            aged += lasted;
        }
    }

    /// <summary>A UI logout, as Salesforce publishes it.</summary>
    public BusEvent PublishLogout(DemoUser user, DateTimeOffset at) => Publish(SignOutTopics.Logout, record =>
    {
        record.Add("CreatedDate", at.UtcDateTime);
        record.Add("CreatedById", user.UserId.Value);
        record.Add("EventDate", at.UtcDateTime);
        record.Add("EventIdentifier", Guid.NewGuid().ToString());
        record.Add("EventUuid", Guid.NewGuid().ToString());
        record.Add("LoginKey", Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        record.Add("RelatedEventIdentifier", null);
        record.Add("SessionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)));
        record.Add("SessionLevel", "STANDARD");
        record.Add("SourceIp", "127.0.0.1");
        record.Add("UserId", user.UserId.Value);
        record.Add("Username", user.Email ?? user.UserId.Value);
    });

    /// <summary>
    /// The changed fields of a deactivation as Pub/Sub sends them: a bitmap of positions in the event's schema, bit 0 the
    /// first field (ChangeEventHeader). In UserChangeEvent.avsc IsActive is field 5, LastModifiedDate 8 and
    /// LastModifiedById 9: 0b11_0010_0000. A client decodes it against the schema (GetSchema), as the Pub/Sub client does.
    /// </summary>
    public const string ChangedIsActive = "0x0320";

    /// <summary>Change Data Capture of a User update that sets IsActive (deactivation when false).</summary>
    public BusEvent PublishActiveChange(DemoUser user, bool isActive, SalesforceId changedBy, DateTimeOffset at) => Publish(SignOutTopics.UserChange, record =>
    {
        AddChangeHeader(record, [user.UserId], "UPDATE", "com/salesforce/api/rest/62.0", changedBy, at, changedFields: [ChangedIsActive]);
        record.Add("IsActive", isActive);
        record.Add("LastModifiedDate", at.UtcDateTime);
        record.Add("LastModifiedById", changedBy.Value);
    });

    /// <summary>
    /// A gap event of Change Data Capture (<c>GAP_CREATE</c>, <c>GAP_UPDATE</c>, …, <c>GAP_OVERFLOW</c>): the records
    /// changed, what changed is unknown — the header names the record IDs and no field carries a value.
    /// </summary>
    public BusEvent PublishGap(IReadOnlyList<SalesforceId> users, string changeType, SalesforceId changedBy, DateTimeOffset at) => Publish(SignOutTopics.UserChange, record =>
    {
        AddChangeHeader(record, users, changeType, changeOrigin: string.Empty, changedBy, at, changedFields: []);
        record.Add("IsActive", null);
        record.Add("LastModifiedDate", null);
        record.Add("LastModifiedById", null);
    });

    /// <summary>A User change's <c>ChangeEventHeader</c>, and every field the change leaves unset.</summary>
    private static void AddChangeHeader(
        GenericRecord record, IReadOnlyList<SalesforceId> users, string changeType, string changeOrigin, SalesforceId changedBy, DateTimeOffset at, object[] changedFields)
    {
        var headerSchema = (RecordSchema)((RecordSchema)record.Schema)["ChangeEventHeader"].Schema;
        var header = new GenericRecord(headerSchema);
        header.Add("entityName", "User");
        header.Add("recordIds", users.Select(user => (object)user.Value).ToArray());
        header.Add("changeType", new GenericEnum((EnumSchema)headerSchema["changeType"].Schema, changeType));
        header.Add("changeOrigin", changeOrigin);
        header.Add("transactionKey", Guid.NewGuid().ToString("N"));
        header.Add("sequenceNumber", 1);
        header.Add("commitTimestamp", at.ToUnixTimeMilliseconds());
        header.Add("commitNumber", at.ToUnixTimeMilliseconds() * 1000);
        header.Add("commitUser", changedBy.Value);
        header.Add("nulledFields", Array.Empty<object>());
        header.Add("diffFields", Array.Empty<object>());
        header.Add("changedFields", changedFields);
        record.Add("ChangeEventHeader", header);
        foreach (var name in UnchangedUserFields)
        {
            record.Add(name, null);
        }
    }

    /// <summary>Bytes that are no event of the topic's schema, as a broken publisher might send (tests).</summary>
    public BusEvent PublishRaw(string topic, byte[] payload)
    {
        lock (gate)
        {
            return Append(topic, schemaOf[topic].Id, payload);
        }
    }

    private BusEvent Publish(string topic, Action<GenericRecord> fill)
    {
        var (id, schema) = schemaOf[topic];
        var record = new GenericRecord((RecordSchema)schema);
        fill(record);
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(schema).Write(record, new BinaryEncoder(stream));
        lock (gate)
        {
            return Append(topic, id, stream.ToArray());
        }
    }

    private BusEvent Append(string topic, string schemaId, byte[] payload)
    {
        var item = new BusEvent(++sequence, schemaId, payload) { PublishedAt = Now };
        if (suppressed.GetValueOrDefault(topic) is > 0 and var left)
        {
            // Never published: no subscriber sees it, and no replay ID of it is known.
            suppressed[topic] = left - 1;
            return item;
        }

        topics[topic].Add(item);
        var waiting = published;
        published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.SetResult();
        return item;
    }

    private void AddSchema(string topic, string resource)
    {
        using var stream = typeof(StandInEventBus).Assembly.GetManifestResourceStream($"standin/{resource}")
            ?? throw new InvalidOperationException($"The stand-in's schema {resource} is missing from the build.");
        var json = new StreamReader(stream).ReadToEnd();
        // Salesforce's schema IDs are fingerprints of the schema; so are these.
        var id = Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        schemaOf[topic] = (id, Schema.Parse(json));
        schemaJson[id] = json;
    }
}
