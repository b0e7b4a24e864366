using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SfCognitoSso.Testing;

/// <summary>
/// Sends <see cref="ValidatorRequest"/>s to a validator that runs as a server (a process, or the local stack) over real
/// HTTP. A request's <see cref="ValidatorRequest.RemoteAddress"/> becomes the connection's source address, so a
/// client at 127.0.113.7 is one: any 127/8 address is this machine's, and no traffic leaves it.
/// </summary>
public sealed class HttpValidatorClient(Uri baseAddress) : IDisposable
{
    /// <summary>The smallest request body limit of a validator's server (Kestrel host: 64 KiB).</summary>
    private const int ServerBodyLimit = 64 * 1024;

    private readonly ConcurrentDictionary<IPAddress, HttpClient> clients = new();

    public async Task<ValidatorResponse> SendAsync(ValidatorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = request.RemoteAddress ?? IPAddress.Loopback;
        if (!IPAddress.IsLoopback(source) || source.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"A server-hosted validator can only be reached from an IPv4 loopback address, not {source}.", nameof(request));
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(baseAddress, request.Path));
        if (request.Body is not null)
        {
            // A non-seekable body has no known length, so HttpClient sends it chunked when the request declares none.
            message.Content = request.DeclareLength ? new ByteArrayContent(request.Body) : new StreamContent(new UnseekableStream(request.Body));
            if (!request.DeclareLength)
            {
                message.Headers.TransferEncodingChunked = true;
            }
        }

        if (request.Body?.Length > ServerBodyLimit)
        {
            // A server refuses a body past its limit before reading it and then ends the connection: ask before sending
            // it (Expect: 100-continue), as a careful client does, and never reuse the connection.
            message.Headers.ExpectContinue = true;
            message.Headers.ConnectionClose = true;
        }

        if (request.ContentType is not null)
        {
            message.Content ??= new ByteArrayContent([]);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await clients.GetOrAdd(source, From).SendAsync(message);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(header => header.Key, header => string.Join(", ", header.Value), StringComparer.OrdinalIgnoreCase);
        return new ValidatorResponse(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            headers,
            await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    private static HttpClient From(IPAddress source) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private sealed class UnseekableStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }
}
