using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Core.SignOut;
using StackExchange.Redis;

namespace SfCognitoSso.Adapters.Salesforce;

/// <summary>
/// Sign-out marks pushed to every validator instance the moment one writes them, so a cached validation asks Redis
/// nothing: Redis pub/sub on <see cref="Channel"/>. Chosen over keyspace notifications (off by default, and managed
/// Redis services often forbid <c>CONFIG SET</c>; they carry the key, not the signed mark) and over a stream (a read
/// per instance per interval, and a log to trim, for marks that matter only for <c>Cache__TtlSeconds</c>). Pub/sub loses
/// what is published while an instance is not listening, so the instance's view is trusted only while it can show it
/// has been listening: each instance publishes an echo every second and hears its own; the view covers an answer
/// written at least <see cref="SignOutMark.ClockSkew"/> after the echo that began the current unbroken run (every mark
/// that can revoke that answer was published after it), and only while the last echo is at most
/// <see cref="EchoWithin"/> old. Otherwise the reader asks Redis, as before. The marks are signed; the reader checks
/// them as it checks one read from Redis.
/// </summary>
public sealed partial class SignOutMarkFeed : IDisposable
{
    /// <summary>Redis adds nothing to channel names: this is the name on the wire.</summary>
    public const string Channel = "sfcognitosso:signout:v1";

    /// <summary>The distributed cache's instance name, in front of every key it keeps.</summary>
    public const string SharedKeyPrefix = "sfcognitosso:";

    /// <summary>An echo older than this and the channel is not trusted until the next one starts a new run.</summary>
    public static readonly TimeSpan EchoWithin = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan EchoEvery = TimeSpan.FromSeconds(1);
    private const string EchoPrefix = "echo\n";

    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly string echo = EchoPrefix + Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource stopping = new();
    private readonly Task<ConnectionMultiplexer> redis;
    private readonly RedisChannel channel = RedisChannel.Literal(Channel);
    private Action<string, CachedSignOut>? received;
    private long runSinceTicks;
    private long lastEchoTicks;
    private bool subscribed;

    public SignOutMarkFeed(IOptions<ValidationCacheOptions> options, TimeProvider time, ILogger<SignOutMarkFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        this.logger = logger;
        redis = Connect(options.Value.Redis ?? throw new InvalidOperationException("The sign-out feed needs Cache__Redis."));
        _ = Task.Run(() => ListenAsync(stopping.Token));
    }

    /// <summary>Called with each authentic-looking mark another instance (or this one) published; the receiver checks
    /// its signature.</summary>
    public void OnMark(Action<string, CachedSignOut> handler) => received = handler;

    /// <summary>When this instance last heard its own echo (null before the first).</summary>
    public DateTimeOffset? LastEcho => Interlocked.Read(ref lastEchoTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>True when every mark that could revoke an answer written at <paramref name="writtenAt"/> has reached
    /// this instance (or would have, within the channel's delivery time).</summary>
    public bool Covers(DateTimeOffset writtenAt)
    {
        var now = time.GetUtcNow().UtcTicks;
        var since = Interlocked.Read(ref runSinceTicks);
        return since != 0
            && now - Interlocked.Read(ref lastEchoTicks) <= EchoWithin.Ticks
            && writtenAt.UtcTicks >= since + SignOutMark.ClockSkew.Ticks;
    }

    /// <summary>Writes the mark where <see cref="ValidationCache"/> reads it (the distributed cache's hash: <c>data</c>,
    /// no sliding expiry, the key expiring with the mark) and publishes it, in one script: a mark is never written
    /// without being told, nor told without being written. Throws what Redis throws.</summary>
    public async ValueTask WriteAsync(string key, CachedSignOut mark, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var connection = await redis.ConfigureAwait(false);
        var json = System.Text.Json.JsonSerializer.Serialize(mark, SalesforceJsonContext.Default.CachedSignOut);
        await connection.GetDatabase().ScriptEvaluateAsync(
            WriteScript,
            [SharedKeyPrefix + key],
            [json, (long)lifetime.TotalMilliseconds, Channel, string.Create(CultureInfo.InvariantCulture, $"{key}\n{mark.At}\n{mark.Signature}")]).ConfigureAwait(false);
    }

    private const string WriteScript = """
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'absexp', -1, 'sldexp', -1)
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('PUBLISH', ARGV[3], ARGV[4])
        return 1
        """;

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await redis.ConfigureAwait(false);
            connection.ConnectionFailed += (_, _) => Broken();
            var subscriber = connection.GetSubscriber();
            using var pace = new PeriodicTimer(EchoEvery, time);
            do
            {
                try
                {
                    // Once: the library subscribes again itself after a reconnection; a run starts anew at the next echo.
                    if (!subscribed)
                    {
                        await subscriber.SubscribeAsync(channel, (_, message) => Heard(message)).ConfigureAwait(false);
                        subscribed = true;
                    }

                    await subscriber.PublishAsync(channel, echo).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    Broken();
                }
            }
            while (await pace.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Heard(RedisValue message)
    {
        var text = (string?)message;
        if (text is null)
        {
            return;
        }

        if (text == echo)
        {
            var now = time.GetUtcNow().UtcTicks;
            var last = Interlocked.Exchange(ref lastEchoTicks, now);
            if (last == 0 || now - last > EchoWithin.Ticks || Interlocked.Read(ref runSinceTicks) == 0)
            {
                Interlocked.Exchange(ref runSinceTicks, now); // a new unbroken run starts here
                LogListening();
            }

            return;
        }

        var parts = text.Split('\n');
        if (parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
        {
            received?.Invoke(parts[0], new CachedSignOut { At = at, Signature = parts[2].Length == 0 ? null : parts[2] });
        }
    }

    private void Broken()
    {
        if (Interlocked.Exchange(ref runSinceTicks, 0) != 0)
        {
            LogNotListening();
        }
    }

    private static Task<ConnectionMultiplexer> Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 500);
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
        if (redis.IsCompletedSuccessfully)
        {
            redis.Result.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-out marks: pushed to this instance (Redis channel sfcognitosso:signout:v1); cached validations read no mark from Redis")]
    private partial void LogListening();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-out marks: the push channel is down; cached validations read the mark from Redis until it is back")]
    private partial void LogNotListening();

}
