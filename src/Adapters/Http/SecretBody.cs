using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// A request body that carries a session, for every endpoint that takes one: read into a pooled buffer sized by the
/// declared length (a real body is ~100 bytes), at most <see cref="ValidatorRoutes.MaxBodyBytes"/> + 1 bytes — one
/// more than allowed tells "too large" from "exactly the limit" when no length is declared — and wiped before the
/// buffer goes back to the shared pool, even after a read cut short by an aborted request.
/// </summary>
internal sealed class SecretBody : IDisposable
{
    private readonly byte[] buffer;
    private readonly int window;

    private SecretBody(byte[] buffer, int window, int length) => (this.buffer, this.window, Length) = (buffer, window, length);

    public int Length { get; }

    public bool TooLarge => Length > ValidatorRoutes.MaxBodyBytes;

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, Math.Min(Length, window));

    /// <summary>Call after refusing a declared length over the limit.</summary>
    public static async Task<SecretBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var window = (int)Math.Min(request.ContentLength ?? ValidatorRoutes.MaxBodyBytes, ValidatorRoutes.MaxBodyBytes) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(window);
        var length = 0;
        try
        {
            int read;
            while (length < window && (read = await request.Body.ReadAsync(buffer.AsMemory(length, window - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            length = ValidatorRoutes.MaxBodyBytes + 1;
        }
        catch
        {
            Wipe(buffer, window);
            throw;
        }

        return new SecretBody(buffer, window, length);
    }

    public void Dispose() => Wipe(buffer, window);

    private static void Wipe(byte[] buffer, int window)
    {
        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, window));
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
