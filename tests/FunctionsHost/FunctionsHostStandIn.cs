using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SfCognitoSso.FunctionsHost.Rpc;

namespace SfCognitoSso.FunctionsHost;

/// <summary>What to run and where: the published app folder, the public port, and app settings for the worker.</summary>
public sealed record StandInOptions(string AppDirectory, int Port)
{
    /// <summary>App settings added to the inherited environment (names in the environment form, <c>Section__Key</c>).</summary>
    public IReadOnlyDictionary<string, string?> AppSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long the worker may take from process start to every function loaded.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public Action<string>? Echo { get; init; }
}

/// <summary>
/// The Functions host, as far as an HTTP-triggered dotnet-isolated worker can tell: a gRPC server for the worker's
/// event stream, the worker started as a child process with the host's command line and environment, and a public
/// HTTP endpoint that routes by the functions' declared routes and methods, proxies each request to the worker's own
/// HTTP endpoint with the invocation id header, and sends the matching <c>InvocationRequest</c>.
/// </summary>
public sealed class FunctionsHostStandIn : IAsyncDisposable
{
    private readonly WebApplication server;
    private readonly WorkerChannel channel;
    private readonly Process worker;
    private readonly HttpMessageInvoker proxy;
    private RouteTable? routes;
    private LoadedWorker? loadedWorker;

    private FunctionsHostStandIn(WebApplication server, WorkerChannel channel, Process worker, WorkerLog log, HttpMessageInvoker proxy, Uri url)
    {
        this.server = server;
        this.channel = channel;
        this.worker = worker;
        this.proxy = proxy;
        Log = log;
        Url = url;
        WorkerExited = worker.WaitForExitAsync().ContinueWith(_ => worker.ExitCode, TaskScheduler.Default);
    }

    /// <summary>Where the functions are served, e.g. <c>http://127.0.0.1:7071</c>.</summary>
    public Uri Url { get; }

    public WorkerLog Log { get; }

    public IReadOnlyList<HttpFunction> Functions => loadedWorker?.Functions ?? [];

    public int WorkerProcessId => worker.Id;

    /// <summary>The worker's exit code, when it ends.</summary>
    public Task<int> WorkerExited { get; }

    /// <summary>Starts the gRPC server and the public endpoint, then the worker; returns once every function is loaded.</summary>
    public static async Task<FunctionsHostStandIn> StartAsync(StandInOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var workerConfig = WorkerConfig.Read(appDirectory);
        var log = new WorkerLog { Echo = options.Echo };
        var workerId = Guid.NewGuid().ToString();
        var channel = new WorkerChannel(workerId, appDirectory, log);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(channel);
        // Two listeners, as the host has: the worker's gRPC channel (HTTP/2 only) and the public HTTP endpoint.
        var grpcPort = FreeLoopbackPort();
        var port = options.Port == 0 ? FreeLoopbackPort() : options.Port;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
        });
        var server = builder.Build();
        var proxy = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        FunctionsHostStandIn? standIn = null;
        server.UseWhen(
            context => context.Connection.LocalPort != grpcPort,
            publicEndpoint => publicEndpoint.Run(context => standIn is null ? NotReady(context) : standIn.ServeAsync(context)));
        server.MapGrpcService<FunctionRpcService>();
        await server.StartAsync(cancellation);

        var grpcUri = new Uri($"http://127.0.0.1:{grpcPort}/");
        var publicUri = new Uri($"http://127.0.0.1:{port}");
        var process = workerConfig.Start(appDirectory, grpcUri, workerId, options.AppSettings, log);
        standIn = new FunctionsHostStandIn(server, channel, process, log, proxy, publicUri);
        _ = standIn.WorkerExited.ContinueWith(exit => channel.Fail(new InvalidOperationException($"The worker exited with code {exit.Result} before it was loaded.")), TaskScheduler.Default);
        try
        {
            var loaded = await channel.Loaded.WaitAsync(options.StartTimeout, cancellation);
            await WaitForHttpEndpointAsync(loaded.HttpUri, standIn.WorkerExited, options.StartTimeout, cancellation);
            standIn.loadedWorker = loaded;
            standIn.routes = HttpFunction.Table(loaded.Functions, HttpFunction.RoutePrefixOf(appDirectory));
            return standIn;
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the worker as the host does (WorkerTerminate, then a kill after the grace period), then the server.</summary>
    public async ValueTask DisposeAsync()
    {
        var grace = TimeSpan.FromSeconds(5);
        if (!worker.HasExited)
        {
            if (channel.HandlesTerminate)
            {
                channel.Terminate(grace);
            }
            else
            {
                worker.Kill(entireProcessTree: true);
            }

            try
            {
                await WorkerExited.WaitAsync(grace + TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                Log.AddHost("The worker did not stop within its grace period; killed.");
                worker.Kill(entireProcessTree: true);
                await WorkerExited;
            }
        }

        await server.StopAsync(CancellationToken.None);
        await server.DisposeAsync();
        proxy.Dispose();
        worker.Dispose();
    }

    private static async Task NotReady(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsync("The Functions host is starting.");
    }

    /// <summary>One HTTP request: route, proxy to the worker, invoke, and answer with what the worker wrote.</summary>
    private async Task ServeAsync(HttpContext context)
    {
        var (function, routeValues) = routes!.Match(context.Request.Method, context.Request.Path);
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        using var forwardRequest = ForwardedRequest(context, invocationId);
        // As the host does: the request is on its way to the worker before the invocation is sent, so the worker's
        // HTTP pipeline and its invocation meet in the worker's coordinator.
        var forwarding = proxy.SendAsync(forwardRequest, context.RequestAborted);
        var invocation = channel.InvokeAsync(function, invocationId, routeValues, context.RequestAborted);
        HttpResponseMessage response;
        try
        {
            response = await forwarding;
        }
        catch (HttpRequestException exception)
        {
            Log.AddHost($"Executed 'Functions.{function.Name}' (Failed, Id={invocationId}): the proxied request failed: {exception.Message}");
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            _ = invocation.ContinueWith(task => task.Exception, TaskScheduler.Default);
            return;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }

        try
        {
            var result = (await invocation).Result;
            Log.AddHost(result?.Status == StatusResult.Types.Status.Success
                ? $"Executed 'Functions.{function.Name}' (Succeeded, Id={invocationId})"
                : $"Executed 'Functions.{function.Name}' (Failed, Id={invocationId}): {result?.Exception?.Message}");
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            Log.AddHost($"Executed 'Functions.{function.Name}' (Failed, Id={invocationId}): no invocation response: {exception.Message}");
        }
    }

    /// <summary>
    /// The request as the host forwards it (azure-functions-host: <c>DefaultHttpProxyService.StartForwarding</c> calls
    /// YARP 2.0.1's <c>IHttpForwarder.SendAsync</c> without a transformer, so <c>HttpTransformer.Default</c> applies):
    /// same method, path, query and body; every header copied except hop-by-hop ones (YARP's
    /// <c>RequestUtilities</c> list) and <c>Host</c> (the destination's); the <c>x-ms-invocation-id</c> correlation
    /// header added; <c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c> and <c>-Prefix</c> <em>set</em> from the
    /// host's own request — a client's own values replaced, not appended to — and <c>Forwarded</c> removed. Every
    /// other header a front end added (Front Door's <c>X-Azure-ClientIP</c>, <c>X-Azure-FDID</c>) reaches the worker.
    /// </summary>
    private HttpRequestMessage ForwardedRequest(HttpContext context, string invocationId)
    {
        var target = new Uri(loadedWorker!.HttpUri, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target) { Version = HttpVersion.Version11 };
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || HopByHop.Contains(name) || name.StartsWith(':')
                || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)
                || ForwardedSet.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        if (request.Content is not null && context.Request.ContentLength is null)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        request.Headers.TryAddWithoutValidation("x-ms-invocation-id", invocationId);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString() ?? string.Empty);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value ?? string.Empty);
        if (context.Request.PathBase.HasValue)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", context.Request.PathBase.Value);
        }

        return request;
    }

    /// <summary>Not forwarded by YARP 2.0.1 (<c>RequestUtilities._headersToExclude</c>).</summary>
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction", "Security-Scheme",
        "ALPN", "Close", "HTTP2-Settings", "Upgrade-Insecure-Requests", "TE", "Alt-Svc", "Strict-Transport-Security",
    };

    /// <summary>Set (replaced) by YARP's default X-Forwarded transforms.</summary>
    private static readonly HashSet<string> ForwardedSet = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix",
    };

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The worker reports its HTTP endpoint before its web server necessarily listens: wait for it to accept.</summary>
    private static async Task WaitForHttpEndpointAsync(Uri httpUri, Task workerExited, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellation);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (deadline.Elapsed < timeout && !workerExited.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellation);
            }
        }
    }
}

/// <summary>The gRPC service the worker connects to.</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        channel.RunAsync(requestStream, responseStream, context.CancellationToken);
}
