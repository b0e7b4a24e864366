using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// The Lambda Runtime API (2018-06-01, WireData/lambda) on loopback: hands out queued events on
/// <c>/invocation/next</c> (long-polling when none is queued) and records every response and error posted.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly Channel<Queued> events = Channel.CreateUnbounded<Queued>();
    private readonly WebApplication app;

    public FakeRuntimeApi()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        Port = Loopback.FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        app = builder.Build();
        app.MapGet("/2018-06-01/runtime/invocation/next", async (HttpContext context) =>
        {
            var next = await events.Reader.ReadAsync(context.RequestAborted);
            context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
            context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
            context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:verify";
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(next.Body, context.RequestAborted);
        });
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (HttpContext context, string id) => RecordAsync(context, "response", id, ResponseStatus));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (HttpContext context, string id) => RecordAsync(context, "error", id, 202));
        app.MapPost("/2018-06-01/runtime/init/error", (HttpContext context) => RecordAsync(context, "init-error", null, 202));
        app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>What <c>/response</c> answers: 202, or 413 / 500 to test those paths.</summary>
    public int ResponseStatus { get; set; } = 202;

    public ConcurrentQueue<Posted> Posts { get; } = new();

    public void Enqueue(string requestId, string body, DateTimeOffset? deadline = null, string traceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1") =>
        events.Writer.TryWrite(new Queued(requestId, System.Text.Encoding.UTF8.GetBytes(body), deadline ?? DateTimeOffset.UtcNow.AddSeconds(5), traceId));

    /// <summary>Completes once <paramref name="count"/> posts have arrived.</summary>
    public async Task WaitForPostsAsync(int count)
    {
        while (Posts.Count < count)
        {
            await postArrived.WaitAsync();
        }
    }

    private readonly SemaphoreSlim postArrived = new(0);

    private async Task RecordAsync(HttpContext context, string kind, string? requestId, int status)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = status;
        await context.Response.CompleteAsync();
        Posts.Enqueue(new Posted(
            kind, requestId, context.Request.ContentType, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), body, status));
        postArrived.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        postArrived.Dispose();
    }

    public sealed record Posted(string Kind, string? RequestId, string? ContentType, string ErrorType, string Body, int AnsweredStatus);

    private sealed record Queued(string RequestId, byte[] Body, DateTimeOffset Deadline, string TraceId);
}
