using System.Collections.Concurrent;
using Avro;
using Grpc.Core;
using PubSubClient = SfCognitoSso.Adapters.SalesforceEvents.PubSub.PubSub.PubSubClient;

namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>Event schemas by their ID, asked of Pub/Sub (GetSchema) once each: every event names its schema, and a
/// topic's schema changes only when its object does.</summary>
public sealed class EventSchemas
{
    private readonly ConcurrentDictionary<string, Schema> schemas = new(StringComparer.Ordinal);

    /// <exception cref="MalformedEventException">Pub/Sub's schema is not Avro.</exception>
    public async ValueTask<Schema> GetAsync(PubSubClient client, string schemaId, Metadata headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (schemas.TryGetValue(schemaId, out var known))
        {
            return known;
        }

        var info = await client.GetSchemaAsync(new PubSub.SchemaRequest { SchemaId = schemaId }, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        Schema schema;
        try
        {
            schema = Schema.Parse(info.SchemaJson);
        }
        catch (Exception exception) when (exception is AvroException or System.Text.Json.JsonException or Newtonsoft.Json.JsonException)
        {
            throw new MalformedEventException($"Schema {schemaId} is not an Avro schema.");
        }

        schemas[schemaId] = schema;
        return schema;
    }
}
