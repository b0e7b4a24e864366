using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Adapters.Cognito.Api;

/// <summary>A Cognito answer: the response, or the error.</summary>
public readonly record struct CognitoResult<T>
    where T : class
{
    private CognitoResult(T? value, CognitoError? error) => (Value, Error) = (value, error);

    public T? Value { get; }

    public CognitoError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Value is not null;

#pragma warning disable CA2225 // Named factories would only repeat the operators.
    public static implicit operator CognitoResult<T>(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static implicit operator CognitoResult<T>(CognitoError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
#pragma warning restore CA2225
}
