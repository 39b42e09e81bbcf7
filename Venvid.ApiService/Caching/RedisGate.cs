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
public sealed class RedisGate(IConnectionMultiplexer redis, IOptions<RedisGateOptions> options, TimeProvider time, ILogger<RedisGate> logger)
{
    private long _closedAfterTicks;

    public bool IsAvailable => redis.IsConnected && time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _closedAfterTicks);

    public IDatabase Database => redis.GetDatabase();

    /// <summary>Runs <paramref name="action"/> against Redis; on failure opens the breaker and returns null.</summary>
    public async Task<T?> TryAsync<T>(Func<IDatabase, Task<T>> action)
    {
        if (!IsAvailable)
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
        var until = time.GetUtcNow().Add(options.Value.BreakDuration).UtcTicks;
        if (Interlocked.Exchange(ref _closedAfterTicks, until) < time.GetUtcNow().UtcTicks)
        {
            logger.LogWarning(e, "Redis call failed; bypassing Redis for {BreakDuration}", options.Value.BreakDuration);
        }
    }
}
