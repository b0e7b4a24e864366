using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Core.Directory;

/// <summary>Why a directory operation did not return a value.</summary>
public enum DirectoryError
{
    None,
    NotFound,
    UsernameExists,
    EmailTaken,
    Unavailable,
}

/// <summary>A directory answer: a value, or the error that stands in its place.</summary>
public readonly record struct DirectoryResult<T>
    where T : class
{
    internal DirectoryResult(T? value, DirectoryError error) => (Value, Error) = (value, error);

    public T? Value { get; }

    public DirectoryError Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

#pragma warning disable CA2225 // The named factories are on DirectoryResult; the operators keep adapters' returns short.
    public static implicit operator DirectoryResult<T>(T value) => DirectoryResult.Of(value);

    public static implicit operator DirectoryResult<T>(DirectoryError error) => DirectoryResult.Failed<T>(error);
#pragma warning restore CA2225
}

public static class DirectoryResult
{
    public static DirectoryResult<T> Of<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), DirectoryError.None);

    public static DirectoryResult<T> Failed<T>(DirectoryError error)
        where T : class =>
        error == DirectoryError.None ? throw new ArgumentOutOfRangeException(nameof(error)) : new(value: null, error);
}
