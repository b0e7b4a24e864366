using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Core.Directory;

/// <summary>Why a directory operation did not return a value.</summary>
public enum DirectoryError
{
    /// <summary>No error: the call succeeded.</summary>
    None,
    /// <summary>No such user.</summary>
    NotFound,
    /// <summary>The username is taken (a create lost a race, or someone else holds it).</summary>
    UsernameExists,
    /// <summary>Another user already has this email address.</summary>
    EmailTaken,
    /// <summary>The directory could not be reached or is throttling.</summary>
    Unavailable,
}

/// <summary>A directory answer: a value, or the error that stands in its place.</summary>
public readonly record struct DirectoryResult<T>
    where T : class
{
    internal DirectoryResult(T? value, DirectoryError error) => (Value, Error) = (value, error);

    /// <summary>The value, when the call succeeded.</summary>
    public T? Value { get; }

    /// <summary>Why not, when it did not.</summary>
    public DirectoryError Error { get; }

    /// <summary>True when <see cref="Value"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool Succeeded => Value is not null;

#pragma warning disable CA2225 // The named factories are on DirectoryResult; the operators keep adapters' returns short.
    /// <summary>A success.</summary>
    public static implicit operator DirectoryResult<T>(T value) => DirectoryResult.Of(value);

    /// <summary>A failure.</summary>
    public static implicit operator DirectoryResult<T>(DirectoryError error) => DirectoryResult.Failed<T>(error);
#pragma warning restore CA2225
}

/// <summary>Makes <see cref="DirectoryResult{T}"/> values.</summary>
public static class DirectoryResult
{
    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public static DirectoryResult<T> Of<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), DirectoryError.None);

    /// <summary>A failure for <paramref name="error"/>.</summary>
    public static DirectoryResult<T> Failed<T>(DirectoryError error)
        where T : class =>
        error == DirectoryError.None ? throw new ArgumentOutOfRangeException(nameof(error)) : new(value: null, error);
}
