using System.Net;
using Microsoft.AspNetCore.Http;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Adapters.Http;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Kestrel.Tests;

/// <summary>
/// A client that sends its body slowly holds no slot of the cap on work in progress (review finding: a few addresses
/// trickling bodies at 300 B/s held every slot, and everyone got 503 <c>server_busy</c>): the body is read first,
/// within <see cref="SessionRequestEdge.BodyDeadline"/>, and a body that has not arrived by then is refused.
/// </summary>
public sealed class SlowBodyTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly KestrelValidatorHost host = new(new Dictionary<string, string?>
    {
        ["Directory:Provider"] = "InMemory",
        ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
        ["Salesforce:Orgs:0:InstanceUrl"] = "https://example.my.salesforce.com",
        ["RateLimit:MaxConcurrent"] = "1",
    });

    public void Dispose() => host.Dispose();

    private static Task<HttpContext> SendAsync(TestServer server, Stream body, IPAddress from, string path = "/v1/sessions/validate", string contentType = "application/json") =>
        server.SendAsync(http =>
        {
            http.Request.Method = "POST";
            http.Request.Path = path;
            http.Request.ContentType = contentType;
            http.Connection.RemoteIpAddress = from;
            http.Request.Body = body;
        });

    private TestServer Server() => host.Factory.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock))).Server;

    [Fact]
    public async Task A_body_still_arriving_holds_no_slot_and_others_are_served()
    {
        // Both endpoints that take a session come through the same edge (SessionRequestEdge).
        const string path = "/v1/sessions/validate";
        const string contentType = "application/json";
        var server = Server();
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["sessionId"] = Samples.UntrustedOrgSession }.ToJsonString());
        using var trickle = new TrickleStream(bytes[..10], bytes[10..]);

        var slow = SendAsync(server, trickle, IPAddress.Parse("127.0.113.31"), path, contentType);
        await trickle.FirstChunkRead.WaitAsync(TimeSpan.FromSeconds(30));
        var other = await SendAsync(server, new MemoryStream(bytes), IPAddress.Parse("127.0.113.32"), path, contentType);
        trickle.Release();
        var finished = await slow.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(503, other.Response.StatusCode);
        Assert.Equal(other.Response.StatusCode, finished.Response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_has_not_arrived_within_the_deadline_is_refused_and_changes_nothing()
    {
        var server = Server();
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["sessionId"] = Samples.Session }.ToJsonString());
        using var trickle = new TrickleStream(bytes[..10], bytes[10..]);

        var slow = SendAsync(server, trickle, IPAddress.Parse("127.0.113.33"));
        await trickle.FirstChunkRead.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(SessionRequestEdge.BodyDeadline);
        var refused = await slow.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(400, refused.Response.StatusCode);
        var problem = JsonNode.Parse(refused.Response.Body)!;
        Assert.Equal("invalid_request", problem["code"]!.GetValue<string>());
        Assert.Contains("did not arrive", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A body whose first part arrives at once and whose rest waits until released (or the reader gives up).</summary>
    private sealed class TrickleStream(byte[] first, byte[] rest) : Stream
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int stage;
        private int restAt;

        public Task FirstChunkRead => firstRead.Task;

        public void Release() => released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (stage == 0)
            {
                stage = 1;
                first.CopyTo(buffer);
                firstRead.TrySetResult();
                return first.Length;
            }

            await released.Task.WaitAsync(cancellationToken);
            var count = Math.Min(buffer.Length, rest.Length - restAt);
            rest.AsMemory(restAt, count).CopyTo(buffer);
            restAt += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
