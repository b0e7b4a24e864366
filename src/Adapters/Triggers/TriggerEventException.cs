namespace SfCognitoSso.Adapters.Triggers;

/// <summary>The event could not be read. The message is safe to print: it never quotes the event.</summary>
public sealed class TriggerEventException(string message) : Exception(message);
