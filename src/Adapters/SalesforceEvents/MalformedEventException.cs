namespace SfCognitoSso.Adapters.SalesforceEvents;

/// <summary>An event whose payload cannot be read: skipped and counted. The message never quotes the payload.</summary>
public sealed class MalformedEventException(string message) : Exception(message);
