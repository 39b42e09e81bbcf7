using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Auth;

/// <summary>
/// Password guessing against one account, from any number of addresses: once an account has
/// <see cref="AuthRateLimitOptions.FailedLoginsPerAccount"/> failures in a window, it is locked — sign-ins are refused
/// before any password check — for <see cref="AuthRateLimitOptions.AccountLockout"/>, doubled at every further lock
/// (up to <see cref="AuthRateLimitOptions.MaxAccountLockout"/>). The owner's known browsers are not held to it
/// (<see cref="KnownDevices"/>). Shared by the region's replicas through Redis; each replica alone while Redis is away.
/// </summary>
public sealed class AccountLockout(RedisGate redis, TimeProvider time, IOptions<AuthRateLimitOptions> options)
{
    // KEYS: the lock, this window's failures, the previous window's, the count of locks so far.
    // ARGV: previous window's weight, the limit, failure counter lifetime (ms), first lock (ms), longest lock (ms),
    // how long locks are remembered (ms). Returns how long the account is now locked (ms), 0 when it is not.
    private const string RecordScript = """
        redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        local failures = tonumber(redis.call('GET', KEYS[3]) or '0') * tonumber(ARGV[1]) + tonumber(redis.call('GET', KEYS[2]))
        if failures < tonumber(ARGV[2]) then
          return 0
        end
        local locks = redis.call('INCR', KEYS[4])
        redis.call('PEXPIRE', KEYS[4], ARGV[6])
        local ms = math.floor(math.min(tonumber(ARGV[4]) * 2 ^ math.min(locks - 1, 40), tonumber(ARGV[5])))
        redis.call('SET', KEYS[1], locks, 'PX', ms)
        return ms
        """;

    private const int LocalPruneThreshold = 50_000;

    private readonly ConcurrentDictionary<string, LocalAccount> _local = new();

    /// <summary>How long the account stays locked; null when it is not.</summary>
    public async ValueTask<TimeSpan?> LockedForAsync(string account)
    {
        var remaining = await redis.TryAsync<TimeSpan?>(async database => await database.KeyTimeToLiveAsync(Key(account, "lock")) ?? TimeSpan.Zero)
            ?? Local(account).LockedFor(time.GetUtcNow());
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    /// <summary>Counts a failed sign-in; returns the lock it started, if it started one.</summary>
    public async ValueTask<TimeSpan?> RecordFailureAsync(string account)
    {
        var o = options.Value;
        var window = SlidingWindow.At(time.GetUtcNow(), o.FailedLoginAccountWindow);
        var locked = await redis.TryAsync(async database => (long?)(long)await database.ScriptEvaluateAsync(RecordScript,
            [Key(account, "lock"), Key(account, $"failed:{window.Index}"), Key(account, $"failed:{window.Index - 1}"), Key(account, "locks")],
            [window.PreviousWeight, o.FailedLoginsPerAccount, window.CounterLifetimeMs,
             (long)o.AccountLockout.TotalMilliseconds, (long)o.MaxAccountLockout.TotalMilliseconds, (long)o.AccountLockoutMemory.TotalMilliseconds]));
        var duration = locked is { } ms ? TimeSpan.FromMilliseconds(ms) : Local(account).RecordFailure(time.GetUtcNow(), window, o);
        return duration > TimeSpan.Zero ? duration : null;
    }

    private static RedisKey Key(string account, string part) => $"venvid:lockout:{account}:{part}";

    private LocalAccount Local(string account)
    {
        if (_local.Count > LocalPruneThreshold)
        {
            var now = time.GetUtcNow();
            foreach (var (key, state) in _local)
            {
                if (state.Forgettable(now))
                {
                    _local.TryRemove(key, out _);
                }
            }
        }

        return _local.GetOrAdd(account, _ => new LocalAccount());
    }

    /// <summary>The same arithmetic as the script, for one replica while Redis is unavailable.</summary>
    private sealed class LocalAccount
    {
        private readonly WindowCounts _failures = new();
        private int _locks;
        private DateTimeOffset _lockedUntil;
        private DateTimeOffset _locksForgotten;

        public TimeSpan LockedFor(DateTimeOffset now)
        {
            lock (this)
            {
                return _lockedUntil > now ? _lockedUntil - now : TimeSpan.Zero;
            }
        }

        public TimeSpan RecordFailure(DateTimeOffset now, SlidingWindow window, AuthRateLimitOptions o)
        {
            lock (this)
            {
                if (_failures.Add(window) < o.FailedLoginsPerAccount)
                {
                    return TimeSpan.Zero;
                }

                _locks = _locksForgotten > now ? _locks + 1 : 1;
                _locksForgotten = now + o.AccountLockoutMemory;
                var duration = TimeSpan.FromTicks((long)Math.Min(o.AccountLockout.Ticks * Math.Pow(2, Math.Min(_locks - 1, 40)), o.MaxAccountLockout.Ticks));
                _lockedUntil = now + duration;
                return duration;
            }
        }

        public bool Forgettable(DateTimeOffset now)
        {
            lock (this)
            {
                return _lockedUntil < now && _locksForgotten < now;
            }
        }
    }
}
