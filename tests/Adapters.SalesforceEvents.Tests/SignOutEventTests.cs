using Avro;
using Avro.Generic;
using Avro.IO;
using SfCognitoSso.Core.SignOut;
using SfCognitoSso.Hosts.Local;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Adapters.SalesforceEvents.Tests;

/// <summary>Which events ask for a sign-out, read from payloads written with Salesforce's schemas.</summary>
public sealed class SignOutEventTests
{
    private static readonly StandInEventBus Bus = new();
    private static readonly DemoUser Alice = DemoUser.BuiltIn[0];
    private static readonly DemoUser Bob = DemoUser.BuiltIn[1];

    private static Schema SchemaOf(BusEvent item) => Schema.Parse(Bus.SchemaJson(item.SchemaId)!);

    [Fact]
    public void A_logout_names_its_user()
    {
        var item = Bus.PublishLogout(Alice, DateTimeOffset.UtcNow);

        var wanted = SignOutEvent.Read(SignOutTopics.Logout, SchemaOf(item), item.Payload);

        Assert.Equal(SignOutCause.Logout, wanted.Cause);
        Assert.Equal([Alice.UserId], wanted.Users);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void An_update_asks_for_a_sign_out_only_when_is_active_is_now_false(bool isActive, int users)
    {
        var item = Bus.PublishActiveChange(Alice, isActive, DemoUser.BuiltIn[1].UserId, DateTimeOffset.UtcNow);

        var wanted = SignOutEvent.Read(SignOutTopics.UserChange, SchemaOf(item), item.Payload);

        Assert.Equal(users, wanted.Users.Count);
        Assert.All(wanted.Users, user => Assert.Equal(Alice.UserId, user));
    }

    [Theory]
    [InlineData("GAP_UPDATE")]
    [InlineData("GAP_CREATE")]
    [InlineData("GAP_DELETE")]
    [InlineData("GAP_UNDELETE")]
    public void A_gap_names_its_users_as_unconfirmed_deactivations(string changeType)
    {
        var gap = Bus.PublishGap([Alice.UserId, Bob.UserId], changeType, Alice.UserId, DateTimeOffset.UtcNow);

        var wanted = SignOutEvent.Read(SignOutTopics.UserChange, SchemaOf(gap), gap.Payload);

        Assert.Equal([Alice.UserId, Bob.UserId], wanted.Users);
        Assert.True(wanted.Unconfirmed);
        Assert.Equal(Core.SignOut.SignOutCause.Deactivated, wanted.Cause);
    }

    [Fact]
    public void A_gap_overflow_names_no_one_and_says_so()
    {
        var gap = Bus.PublishGap([], "GAP_OVERFLOW", Alice.UserId, DateTimeOffset.UtcNow);

        Assert.Same(SignOutEvent.Overflow, SignOutEvent.Read(SignOutTopics.UserChange, SchemaOf(gap), gap.Payload));
    }

    [Theory]
    [InlineData("CREATE", false)]
    [InlineData("UPDATE", null)]
    [InlineData("UPDATE", true)]
    public void Another_change_or_an_unchanged_is_active_asks_for_nothing(string changeType, bool? isActive)
    {
        var schema = SchemaOf(Bus.PublishActiveChange(Alice, false, Alice.UserId, DateTimeOffset.UtcNow));
        var record = new GenericRecord((RecordSchema)schema);
        var headerSchema = (RecordSchema)((RecordSchema)schema)["ChangeEventHeader"].Schema;
        var header = new GenericRecord(headerSchema);
        foreach (var (name, value) in new (string, object)[]
        {
            ("entityName", "User"), ("recordIds", new object[] { Alice.UserId.Value }),
            ("changeType", new GenericEnum((EnumSchema)headerSchema["changeType"].Schema, changeType)), ("changeOrigin", ""),
            ("transactionKey", "t"), ("sequenceNumber", 1), ("commitTimestamp", 0L), ("commitNumber", 0L), ("commitUser", Alice.UserId.Value),
            ("nulledFields", Array.Empty<object>()), ("diffFields", Array.Empty<object>()), ("changedFields", Array.Empty<object>()),
        })
        {
            header.Add(name, value);
        }

        record.Add("ChangeEventHeader", header);
        foreach (var field in ((RecordSchema)schema).Fields.Skip(1))
        {
            record.Add(field.Name, null);
        }

        record.Add("IsActive", isActive);
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(schema).Write(record, new BinaryEncoder(stream));

        Assert.Empty(SignOutEvent.Read(SignOutTopics.UserChange, schema, stream.ToArray()).Users);
    }

    [Fact]
    public void A_payload_of_another_schema_is_malformed_and_never_quoted()
    {
        var logout = Bus.PublishLogout(Alice, DateTimeOffset.UtcNow);
        var change = Bus.PublishActiveChange(Alice, false, Alice.UserId, DateTimeOffset.UtcNow);

        var truncated = logout.Payload.AsSpan(0, 5).ToArray();

        var malformed = Assert.Throws<MalformedEventException>(() => SignOutEvent.Read(SignOutTopics.UserChange, SchemaOf(change), truncated));

        Assert.DoesNotContain(Alice.UserId.Value, malformed.Message, StringComparison.Ordinal);
    }
}
