using System.Collections.Concurrent;
using StackExchange.Redis;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Auth;

/// <summary>
/// Request limits shared by every API replica of a region: the counters live in Redis, so the sixteenth login from
/// one address is refused whichever replica it reaches. A sliding window, approximated the usual way from two fixed
/// windows (the previous one weighted by how much of it the sliding window still covers), costs one script call.
/// While Redis is unavailable, each replica counts on its own with the same arithmetic: the limit then holds per
/// replica — looser, never open.
/// </summary>
public sealed class SharedRateLimiter(RedisGate redis, TimeProvider time)
{
    // KEYS[1] = the current window's counter, KEYS[2] = the previous one's.
    // ARGV[1] = the previous window's weight, ARGV[2] = the limit, ARGV[3] = "1" to refuse at the limit,
    // ARGV[4] = "1" to count this call, ARGV[5] = counter lifetime (ms). Returns 1 when allowed, 0 when refused.
    private const string Script = """
        local estimate = tonumber(redis.call('GET', KEYS[2]) or '0') * tonumber(ARGV[1]) + tonumber(redis.call('GET', KEYS[1]) or '0')
        if ARGV[3] == '1' and estimate + 1 > tonumber(ARGV[2]) then
          return 0
        end
        if ARGV[4] == '1' then
          redis.call('INCR', KEYS[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
        end
        return 1
        """;

    // Above this many local counters, windows that have fully passed are dropped (an attacker rotating addresses
    // while Redis is down must not grow this without bound).
    private const int LocalPruneThreshold = 50_000;

    private readonly ConcurrentDictionary<string, WindowCounts> _local = new();

    /// <summary>Counts one request against <paramref name="key"/>; null when allowed, otherwise how long to wait.</summary>
    public ValueTask<TimeSpan?> AcquireAsync(string key, int limit, TimeSpan window) => RunAsync(key, limit, window, enforce: true, count: true);

    /// <summary>Whether one more request would be allowed, without counting it; null when it would.</summary>
    public ValueTask<TimeSpan?> CheckAsync(string key, int limit, TimeSpan window) => RunAsync(key, limit, window, enforce: true, count: false);

    /// <summary>Counts an event (e.g. a failed login) whatever the limit.</summary>
    public async ValueTask RecordAsync(string key, TimeSpan window) => await RunAsync(key, int.MaxValue, window, enforce: false, count: true);

    private async ValueTask<TimeSpan?> RunAsync(string key, int limit, TimeSpan window, bool enforce, bool count)
    {
        var at = SlidingWindow.At(time.GetUtcNow(), window);
        var allowed = await redis.TryAsync(async database => (long?)(long)await database.ScriptEvaluateAsync(Script,
            [$"venvid:limit:{key}:{at.Index}", $"venvid:limit:{key}:{at.Index - 1}"],
            [at.PreviousWeight, limit, enforce ? 1 : 0, count ? 1 : 0, at.CounterLifetimeMs]));
        var ok = allowed is { } result ? result == 1 : CountLocally(key, at, limit, enforce, count);
        // Refused: try again when the current window ends, the earliest the estimate can drop by a whole request.
        return ok ? null : at.UntilNext;
    }

    private bool CountLocally(string key, SlidingWindow window, int limit, bool enforce, bool count)
    {
        if (_local.Count > LocalPruneThreshold)
        {
            foreach (var (staleKey, counter) in _local)
            {
                if (counter.Index < window.Index - 1)
                {
                    _local.TryRemove(staleKey, out _);
                }
            }
        }

        var local = _local.GetOrAdd(key, _ => new WindowCounts());
        lock (local)
        {
            if (enforce && local.Estimate(window) + 1 > limit)
            {
                return false;
            }

            if (count)
            {
                local.Add(window);
            }

            return true;
        }
    }
}

/// <summary>Endpoint metadata: requests to this endpoint count against a <see cref="SharedRateLimiter"/> limit per client address.</summary>
public sealed record SharedRateLimitMetadata(string Policy, Func<AuthRateLimitOptions, int> Limit, Func<AuthRateLimitOptions, TimeSpan> Window);
