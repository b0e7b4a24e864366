using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// The deployment's limits kept without asking Redis per request: capacity leases in the manner of Google's Doorman.
/// Each instance admits from permits it holds for the current minute (one fixed window per client and per /48, aligned
/// to the clock's minute so every instance shares it) and, every <see cref="RateLimitOptions.SyncMilliseconds"/>, one
/// script call claims more for the keys that ran low (the requests waiting for it, or two intervals at the last one's
/// pace), gives back what an idle key holds beyond its provisional share, and counts the live instances. A claim
/// is sized by demand, not by a fair share: an instance that claims more than it uses gives it back at its next sync.
/// <para>Bound: Redis grants at most the limit in total, so the overshoot comes only from provisional permits — what
/// an instance may admit for a key before its first claim: ⌊limit ÷ (10 × live instances)⌋ (at least 1). The script keeps
/// that much room for every live instance that has not claimed yet, so the window holds exactly while the instance count
/// is stable; an instance joining mid-window can add its own provisional share (≤ a tenth of the limit ÷ N). In the other
/// direction, a client seen by fewer instances than are live loses at most the room kept for the others (≤ a tenth).
/// A request past what its instance holds waits for the next two syncs (at most three intervals) rather than being
/// refused while the deployment still has permits; once Redis says the window is spent, refusals are immediate. When
/// the window has no room left to claim but permits are held unused, each holder gives back what it does not need now.</para>
/// <para>Work in progress: each instance takes ⌊MaxConcurrent ÷ live instances⌋ (at least 1), from the same count.</para>
/// </summary>
public sealed class SharedLimits
{
    /// <summary>An instance not heard from for this long no longer counts towards the shares.</summary>
    public static readonly TimeSpan LiveFor = TimeSpan.FromSeconds(5);

    /// <summary>One hash tag for every key a claim touches: a Redis Cluster (OSS cluster mode) runs a script only on
    /// keys of one slot.</summary>
    private const string KeyPrefix = "sfcognitosso:ratelimit:{v2}:";
    private const string InstancesKey = KeyPrefix + "instances";
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);

    /// <summary>One script runs alone in Redis: past this many keys, the rest wait for the next sync (their requests
    /// keep their provisional shares meanwhile).</summary>
    private const int MaxKeysPerSync = 1_000;
    private static readonly TimeSpan WindowKept = TimeSpan.FromMinutes(2);

    /// <summary>KEYS[1]: the live instances (sorted by last sync); KEYS[2…]: one hash per key and minute, holding
    /// <c>c</c> (permits granted in total), <c>u</c> (permits used, as last reported), <c>j</c> (instances that have
    /// claimed), and per instance its grant (<c>g:</c>id) and use (<c>u:</c>id). ARGV: instance, now (ms), live for (ms),
    /// window kept (ms), then per key: limit, used, wanted. Returns the live count, then per key its grant and the
    /// window's state: 0 room left, 1 none left to claim but permits held unused elsewhere (give back what you do not
    /// need now), 2 spent.</summary>
    private const string ClaimScript = """
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
        local live = redis.call('ZCARD', KEYS[1])
        local answer = { live }
        local grantField, useField = 'g:' .. ARGV[1], 'u:' .. ARGV[1]
        for i = 2, #KEYS do
          local at = 4 + (i - 2) * 3
          local limit, used, wanted = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
          local provisional = math.max(1, math.floor(limit / (10 * live)))
          local state = redis.call('HMGET', KEYS[i], 'c', 'u', 'j', grantField, useField)
          local granted, usedInAll, joined = tonumber(state[1]) or 0, tonumber(state[2]) or 0, tonumber(state[3]) or 0
          local grant, usedBefore = tonumber(state[4]), tonumber(state[5]) or 0
          if not grant then
            grant = math.max(provisional, used)
            granted = granted + grant
            joined = joined + 1
          end
          usedInAll = usedInAll + used - usedBefore
          local room = limit - granted - math.max(0, live - joined) * provisional
          local change = wanted - grant
          if change > 0 then change = math.min(change, math.max(0, room)) else change = math.max(change, used - grant) end
          grant = grant + change
          granted = granted + change
          redis.call('HSET', KEYS[i], 'c', granted, 'u', usedInAll, 'j', joined, grantField, grant, useField, used)
          redis.call('PEXPIRE', KEYS[i], ARGV[4])
          answer[#answer + 1] = grant
          if usedInAll >= limit then answer[#answer + 1] = 2
          elseif room - math.max(change, 0) <= 0 then answer[#answer + 1] = 1
          else answer[#answer + 1] = 0 end
        end
        return answer
        """;

    private readonly ConcurrentDictionary<LimitKey, Counter> counters = new();
    private readonly int clientLimit;
    private readonly int networkLimit;
    private readonly int maxConcurrent;
    private readonly TimeProvider time;
    private readonly string instance = Guid.NewGuid().ToString("N");
    private TaskCompletionSource nextSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long lastHeartbeatTicks;
    private int live = 1;
    private int inFlight;

    public SharedLimits(RateLimitOptions settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        clientLimit = settings.PermitPerMinute;
        networkLimit = settings.ResolvedPermitPerMinutePer48;
        maxConcurrent = settings.MaxConcurrent;
        SyncInterval = TimeSpan.FromMilliseconds(settings.SyncMilliseconds);
        this.time = time;
    }

    public TimeSpan SyncInterval { get; }

    /// <summary>Whether a sync has answered since this instance started.</summary>
    public bool HasSynced => Interlocked.Read(ref lastHeartbeatTicks) != 0;

    /// <summary>Live instances as the last sync counted them (1 before the first).</summary>
    public int LiveInstances => Volatile.Read(ref live);

    /// <summary>This instance's share of work in progress.</summary>
    public int InFlightCap => Math.Max(1, maxConcurrent / LiveInstances);

    /// <summary>Takes a permit for the client (and its /48, when IPv6) from what this instance holds.</summary>
    public Take TryTake(IPAddress client, IPAddress? network)
    {
        var minute = Minute();
        var byClient = CounterFor(new LimitKey(false, client), clientLimit, minute);
        var taken = byClient.TryTake(minute, Provisional(clientLimit));
        if (taken != Take.Taken || network is null)
        {
            return taken;
        }

        taken = CounterFor(new LimitKey(true, network), networkLimit, minute).TryTake(minute, Provisional(networkLimit));
        if (taken != Take.Taken)
        {
            byClient.GiveBack(minute);
        }

        return taken;
    }

    /// <summary>A slot of work in progress, or null when this instance's share is taken.</summary>
    public RateLimitLease? TryEnter()
    {
        if (Interlocked.Increment(ref inFlight) <= InFlightCap)
        {
            return new InFlight(this);
        }

        Interlocked.Decrement(ref inFlight);
        return null;
    }

    /// <summary>Completes when the next sync has answered (or failed), or after one and a half intervals, whichever
    /// is first.</summary>
    public Task NextSyncAsync() =>
        Volatile.Read(ref nextSync).Task.WaitAsync(1.5 * SyncInterval, TimeProvider.System).ContinueWith(static _ => { }, TaskScheduler.Default);

    /// <summary>How long until the current window ends.</summary>
    public TimeSpan UntilWindowEnds()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return TimeSpan.FromMilliseconds(((now / 60_000) + 1) * 60_000 - now);
    }

    /// <summary>One script call: claims, gives back and counts instances. Skipped (no call) when no key needs it and
    /// the heartbeat is not due. Throws what Redis throws; the caller decides what a failure means.</summary>
    public async Task SyncAsync(IDatabaseAsync redis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var waiting = Interlocked.Exchange(ref nextSync, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            var minute = Minute();
            var now = time.GetUtcNow();
            var due = new List<(LimitKey Key, Counter Counter, Claim Claim)>();
            foreach (var (key, counter) in counters)
            {
                if (counter.Minute < minute - 1)
                {
                    counters.TryRemove(new KeyValuePair<LimitKey, Counter>(key, counter));
                }
                else if (due.Count < MaxKeysPerSync && counter.ClaimDue(minute, Provisional(counter.Limit)) is { } claim)
                {
                    due.Add((key, counter, claim));
                }
            }

            if (due.Count == 0 && now.UtcTicks - Interlocked.Read(ref lastHeartbeatTicks) < HeartbeatEvery.Ticks)
            {
                return;
            }

            var keys = new RedisKey[due.Count + 1];
            var values = new RedisValue[4 + (3 * due.Count)];
            keys[0] = InstancesKey;
            values[0] = instance;
            values[1] = now.ToUnixTimeMilliseconds();
            values[2] = (long)LiveFor.TotalMilliseconds;
            values[3] = (long)WindowKept.TotalMilliseconds;
            for (var i = 0; i < due.Count; i++)
            {
                keys[i + 1] = string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}{(due[i].Key.IsNetwork ? "network" : "client")}:{due[i].Key.Address}:{minute}");
                values[4 + (3 * i)] = due[i].Counter.Limit;
                values[5 + (3 * i)] = due[i].Claim.Used;
                values[6 + (3 * i)] = due[i].Claim.Wanted;
            }

            var answer = (RedisResult[])(await redis.ScriptEvaluateAsync(ClaimScript, keys, values).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            Interlocked.Exchange(ref lastHeartbeatTicks, now.UtcTicks);
            Volatile.Write(ref live, Math.Max(1, (int)answer[0]));
            for (var i = 0; i < due.Count; i++)
            {
                due[i].Counter.Granted(minute, (int)answer[1 + (2 * i)], (WindowState)(int)answer[2 + (2 * i)]);
            }
        }
        finally
        {
            waiting.TrySetResult();
        }
    }

    /// <summary>What an instance may admit for a key it has not claimed yet; the script keeps the same room.</summary>
    private int Provisional(int limit) => Math.Max(1, limit / (10 * LiveInstances));

    private long Minute() => time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;

    private Counter CounterFor(LimitKey key, int limit, long minute) =>
        counters.TryGetValue(key, out var counter) ? counter : counters.GetOrAdd(key, static (_, state) => new Counter(state.limit, state.minute), (limit, minute));

    public enum Take
    {
        Taken,

        /// <summary>This instance holds no permit now, but the deployment may: ask again after the next sync.</summary>
        WaitForSync,

        /// <summary>The deployment's window is spent.</summary>
        Spent,
    }

    private enum WindowState
    {
        Open,

        /// <summary>Nothing left to claim, but permits held unused elsewhere may come back.</summary>
        Tight,

        Spent,
    }

    private readonly record struct LimitKey(bool IsNetwork, IPAddress Address);

    private readonly record struct Claim(int Used, int Wanted);

    /// <summary>One key's permits on this instance in one minute. Locked: a request touches it for nanoseconds.</summary>
    private sealed class Counter(int limit, long minute)
    {
        private readonly Lock gate = new();
        private int grant = -1; // -1: not claimed yet (provisional)
        private int used;
        private int admitted; // since the last claim
        private int waiting; // told to wait for the claim since the last one
        private WindowState window;

        public int Limit => limit;

        public long Minute { get; private set; } = minute;

        public Take TryTake(long now, int provisional)
        {
            lock (gate)
            {
                Roll(now);
                if (used < (grant < 0 ? provisional : grant))
                {
                    used++;
                    admitted++;
                    return Take.Taken;
                }

                waiting++;
                return window == WindowState.Spent ? Take.Spent : Take.WaitForSync;
            }
        }

        public void GiveBack(long now)
        {
            lock (gate)
            {
                if (Minute == now && used > 0)
                {
                    used--;
                }
            }
        }

        /// <summary>What to ask for (at least the provisional share ahead of use); nothing when what it holds will do
        /// and it holds no more than that.</summary>
        public Claim? ClaimDue(long now, int provisional)
        {
            lock (gate)
            {
                Roll(now);
                // Requests waiting say what is wanted now; without them, two intervals at the last one's pace — unless
                // the window has no room left, when permits held for later are given back to whoever waits now.
                // (Those admitted since the last claim were mostly its waiters: not counted again then.)
                var ahead = window != WindowState.Open ? waiting : waiting > 0 ? waiting + admitted : 2 * admitted;
                var wanted = used + Math.Max(provisional, ahead);
                var held = grant < 0 ? provisional : grant;
                // A key within its provisional share needs no claim (the script keeps that room for it): a client's
                // one sign-in costs Redis nothing. A spent window is asked again while requests wait: another instance
                // may have given permits back.
                var due = waiting > 0 || held - used < admitted || held > wanted + provisional;
                admitted = 0;
                waiting = 0;
                if (!due)
                {
                    return null;
                }

                if (grant >= 0 && wanted < grant)
                {
                    grant = wanted; // given back here first, so nothing is taken from it while the claim is on its way
                }

                return new Claim(used, wanted);
            }
        }

        public void Granted(long minute, int granted, WindowState state)
        {
            lock (gate)
            {
                if (Minute == minute)
                {
                    grant = granted;
                    window = state;
                }
            }
        }

        private void Roll(long now)
        {
            if (now != Minute)
            {
                Minute = now;
                grant = -1;
                used = 0;
                admitted = 0;
                waiting = 0;
                window = WindowState.Open;
            }
        }
    }

    private sealed class InFlight(SharedLimits owner) : RateLimitLease
    {
        private int released;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref owner.inFlight);
            }

            base.Dispose(disposing);
        }
    }
}
