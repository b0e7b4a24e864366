namespace SfCognitoSso.Hosts.Lambda.RuntimeApi;

/// <summary>The Runtime API itself failed; the runtime cannot go on.</summary>
public sealed class RuntimeApiException(string message) : Exception(message);
