using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using SfCognitoSso.FunctionsHost.Rpc;

namespace SfCognitoSso.FunctionsHost;

/// <summary>
/// The host's end of the worker's event stream, in the order the Functions host runs it: the worker opens the stream
/// with <c>StartStream</c>; the host answers <c>WorkerInitRequest</c>; after <c>WorkerInitResponse</c> it asks for
/// the function metadata (worker indexing), loads each function with a <c>FunctionLoadRequest</c>, and from then on
/// sends one <c>InvocationRequest</c> per HTTP request and awaits its <c>InvocationResponse</c>. <c>RpcLog</c>
/// messages are the worker's logs. One worker, one stream.
/// </summary>
public sealed class WorkerChannel(string workerId, string appDirectory, WorkerLog log)
{
    /// <summary>The host version the stand-in answers as; the worker only logs it.</summary>
    public const string HostVersion = "4.1037.0";

    private const string HttpUriCapability = "HttpUri";
    private const string RequiresRouteParametersCapability = "RequiresRouteParameters";
    private const string HandlesWorkerTerminateCapability = "HandlesWorkerTerminateMessage";

    private readonly Channel<StreamingMessage> outbound = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly TaskCompletionSource<LoadedWorker> loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> invocations = new();
    private readonly Dictionary<string, HttpFunction> pendingLoads = [];
    private readonly List<HttpFunction> functions = [];
    private Dictionary<string, string> capabilities = [];
    private int streams;

    /// <summary>Completes when every function is loaded; faults with the reason when the worker cannot start.</summary>
    public Task<LoadedWorker> Loaded => loaded.Task;

    public bool HandlesTerminate => capabilities.ContainsKey(HandlesWorkerTerminateCapability);

    public void Fail(Exception reason) => loaded.TrySetException(reason);

    /// <summary>The gRPC call the worker makes: reads its messages, writes the host's, until either side ends.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref streams) > 1)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.FailedPrecondition, "The stand-in serves one stream per worker."));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var writing = WriteAsync(toWorker, stop.Token);
        try
        {
            await foreach (var message in fromWorker.ReadAllAsync(stop.Token))
            {
                Receive(message);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
            var ended = new IOException("The worker's event stream ended.");
            loaded.TrySetException(ended);
            foreach (var pending in invocations.Values)
            {
                pending.TrySetException(ended);
            }
        }
    }

    /// <summary>Sends one invocation (the HTTP request itself is proxied separately) and awaits the worker's answer.</summary>
    public async Task<InvocationResponse> InvokeAsync(HttpFunction function, string invocationId, IReadOnlyDictionary<string, string> routeValues, CancellationToken cancellation)
    {
        var answer = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        invocations[invocationId] = answer;
        try
        {
            // With HTTP proxying the trigger's data is an empty RpcHttp, carrying route parameters only when the worker
            // asks for them: the worker reads the request from its own HTTP endpoint.
            var http = new RpcHttp();
            if (capabilities.ContainsKey(RequiresRouteParametersCapability))
            {
                foreach (var (name, value) in routeValues)
                {
                    http.Params[name] = value;
                }
            }

            var request = new InvocationRequest
            {
                InvocationId = invocationId,
                FunctionId = function.FunctionId,
                TraceContext = new RpcTraceContext(),
            };
            request.InputData.Add(new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Http = http } });
            await outbound.Writer.WriteAsync(new StreamingMessage { InvocationRequest = request }, cancellation);
            return await answer.Task.WaitAsync(cancellation);
        }
        finally
        {
            invocations.TryRemove(invocationId, out _);
        }
    }

    /// <summary>Asks the worker to stop, as the host does before it ends the process.</summary>
    public void Terminate(TimeSpan grace) =>
        outbound.Writer.TryWrite(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(grace) } });

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellation)
    {
        try
        {
            await foreach (var message in outbound.Reader.ReadAllAsync(cancellation))
            {
                await toWorker.WriteAsync(message, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException) when (cancellation.IsCancellationRequested)
        {
            // The call completed while a write was queued.
        }
    }

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                if (message.StartStream.WorkerId != workerId)
                {
                    Fail(new InvalidOperationException($"A worker with id '{message.StartStream.WorkerId}' opened the stream; '{workerId}' was started."));
                    return;
                }

                Send(new StreamingMessage
                {
                    RequestId = Guid.NewGuid().ToString(),
                    WorkerInitRequest = new WorkerInitRequest
                    {
                        HostVersion = HostVersion,
                        WorkerDirectory = appDirectory,
                        FunctionAppDirectory = appDirectory,
                    },
                });
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                OnInitialized(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                OnMetadata(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                OnLoaded(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (invocations.TryGetValue(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                log.Add(message.RpcLog);
                break;
            default:
                // Messages the stand-in does not act on (status, warm-up) are ignored, as an older host would.
                break;
        }
    }

    private void OnInitialized(WorkerInitResponse response)
    {
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            Fail(new InvalidOperationException($"The worker failed to initialise: {Describe(response.Result)}"));
            return;
        }

        capabilities = new Dictionary<string, string>(response.Capabilities, StringComparer.Ordinal);
        if (!capabilities.TryGetValue(HttpUriCapability, out var httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out _))
        {
            Fail(new InvalidOperationException("The worker did not report the HttpUri capability: only workers using the ASP.NET Core integration (HTTP proxying) are supported."));
            return;
        }

        Send(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        });
    }

    private void OnMetadata(FunctionMetadataResponse response)
    {
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            Fail(new InvalidOperationException($"The worker failed to index its functions: {Describe(response.Result)}"));
            return;
        }

        if (response.UseDefaultMetadataIndexing)
        {
            Fail(new InvalidOperationException("The worker asked for host indexing (functions.metadata); the stand-in runs worker indexing only."));
            return;
        }

        foreach (var metadata in response.FunctionMetadataResults)
        {
            var functionId = metadata.FunctionId.Length > 0 ? metadata.FunctionId : Guid.NewGuid().ToString();
            var function = HttpFunction.FromMetadata(functionId, metadata);
            if (function is null)
            {
                continue;
            }

            pendingLoads[functionId] = function;
            metadata.Directory = appDirectory;
            Send(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = functionId, Metadata = metadata },
            });
        }

        if (pendingLoads.Count == 0)
        {
            Fail(new InvalidOperationException("The worker declared no HTTP-triggered function."));
        }
    }

    private void OnLoaded(FunctionLoadResponse response)
    {
        if (!pendingLoads.Remove(response.FunctionId, out var function))
        {
            return;
        }

        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            Fail(new InvalidOperationException($"The worker failed to load {function.Name}: {Describe(response.Result)}"));
            return;
        }

        functions.Add(function);
        if (pendingLoads.Count == 0)
        {
            loaded.TrySetResult(new LoadedWorker(new Uri(capabilities[HttpUriCapability]), functions, capabilities));
        }
    }

    private void Send(StreamingMessage message) => outbound.Writer.TryWrite(message);

    private static string Describe(StatusResult? result) =>
        result is null ? "no result" : $"{result.Status} {result.Result} {result.Exception?.Message}".Trim();
}

/// <summary>A worker ready for invocations: where its HTTP endpoint listens, its HTTP functions and its capabilities.</summary>
public sealed record LoadedWorker(Uri HttpUri, IReadOnlyList<HttpFunction> Functions, IReadOnlyDictionary<string, string> Capabilities);
