namespace SfCognitoSso.Adapters.Http;

/// <summary>Why a request was stopped at the edge, for the endpoint to put in its own error format.</summary>
public sealed record EdgeRefusal(Refusal Refusal, string Detail);
