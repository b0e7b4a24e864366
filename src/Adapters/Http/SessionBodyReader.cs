namespace SfCognitoSso.Adapters.Http;

/// <summary>Turns the body's bytes into the endpoint's request; null when they are not one. The bytes are wiped after it returns.</summary>
public delegate T? SessionBodyReader<T>(ReadOnlySpan<byte> body)
    where T : class;
