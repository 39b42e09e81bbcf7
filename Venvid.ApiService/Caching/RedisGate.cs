using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Venvid.ApiService.Caching;

public sealed class RedisGateOptions
{
    public const string SectionName = "Venvid:Redis";

    /// <summary>After a Redis failure, callers skip Redis for this long instead of each waiting for a timeout.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// A circuit breaker in front of Redis: when the connection is down or a call just failed, callers go straight to
/// their Postgres fallback. Redis is a cache and a counter store here, never the source of truth.
/// </summary>
public sealed class RedisGate
{
    private readonly IConnectionMultiplexer redis;
    private readonly IOptions<RedisGateOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<RedisGate> logger;
    private long _closedAfterTicks;

    // While Redis is away: when that began (0 = it isn't), how many calls skipped it, and how many tried and failed.
    // Logged once when Redis is back, so an operator (and the outage tests) can see callers didn't each wait for it.
    private long _outageSinceTicks;
    private long _bypassed;
    private long _failed;
    private int _watching;

    public RedisGate(IConnectionMultiplexer redis, IOptions<RedisGateOptions> options, TimeProvider time, ILogger<RedisGate> logger)
    {
        this.redis = redis;
        this.options = options;
        this.time = time;
        this.logger = logger;
        // An outage begins when the connection drops or a call fails, and is said to end as soon as Redis is usable
        // again — not at the next call that happens to need it (the API's own memory may serve everything for a while).
        redis.ConnectionFailed += (_, _) => BeginOutage();
        redis.ConnectionRestored += (_, _) => _ = IsAvailable;
    }

    public bool IsAvailable
    {
        get
        {
            var now = time.GetUtcNow().UtcTicks;
            if (!redis.IsConnected || now < Interlocked.Read(ref _closedAfterTicks))
            {
                return false;
            }

            EndOutage(now);
            return true;
        }
    }

    public IDatabase Database => redis.GetDatabase();

    /// <summary>True when a caller may use Redis now; otherwise counts the call as one that went to its fallback.</summary>
    public bool TryEnter()
    {
        if (IsAvailable)
        {
            return true;
        }

        BeginOutage();
        Interlocked.Increment(ref _bypassed);
        return false;
    }

    /// <summary>Runs <paramref name="action"/> against Redis; on failure opens the breaker and returns null.</summary>
    public async Task<T?> TryAsync<T>(Func<IDatabase, Task<T>> action)
    {
        if (!TryEnter())
        {
            return default;
        }

        try
        {
            return await action(redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            ReportFailure(e);
            return default;
        }
    }

    public void ReportFailure(Exception e)
    {
        var now = time.GetUtcNow().UtcTicks;
        BeginOutage();
        Interlocked.Increment(ref _failed);
        var until = time.GetUtcNow().Add(options.Value.BreakDuration).UtcTicks;
        if (Interlocked.Exchange(ref _closedAfterTicks, until) < now)
        {
            logger.LogWarning(e, "Redis call failed; bypassing Redis for {BreakDuration}", options.Value.BreakDuration);
        }
    }

    private void BeginOutage()
    {
        Interlocked.CompareExchange(ref _outageSinceTicks, time.GetUtcNow().UtcTicks, 0);
        if (Interlocked.Exchange(ref _watching, 1) == 0)
        {
            _ = WatchAsync();
        }
    }

    /// <summary>Looks once a second until Redis is usable again, which ends the outage (and says so).</summary>
    private async Task WatchAsync()
    {
        try
        {
            while (!IsAvailable)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time);
            }
        }
        finally
        {
            Volatile.Write(ref _watching, 0);
        }
    }

    private void EndOutage(long now)
    {
        var since = Interlocked.Exchange(ref _outageSinceTicks, 0);
        if (since == 0)
        {
            return;
        }

        logger.LogInformation(
            "Redis available again after {Outage}: {Bypassed} call(s) went straight to their fallback, {Failed} call(s) failed",
            TimeSpan.FromTicks(now - since), Interlocked.Exchange(ref _bypassed, 0), Interlocked.Exchange(ref _failed, 0));
    }
}
