using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// A request past the edge, or why it was stopped there. Held for the whole request: disposing it gives the
/// concurrency slot back. <see cref="Body"/> is null when the bytes were not the endpoint's request.
/// </summary>
public sealed class AdmittedRequest<T>(Admission admission, T? body, Refusal? refusal) : IDisposable
    where T : class
{
    public T? Body => body;

    public Refusal? Refusal => refusal;

    public void Dispose() => admission.Dispose();
}
