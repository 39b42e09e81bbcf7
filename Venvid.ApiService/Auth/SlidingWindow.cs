namespace Venvid.ApiService.Auth;

/// <summary>
/// A sliding window approximated from two fixed ones: the previous window counts with the share of it the sliding
/// window still covers. One rule for every shared limit (<see cref="SharedRateLimiter"/>, <see cref="AccountLockout"/>).
/// </summary>
public readonly record struct SlidingWindow(long Index, double PreviousWeight, TimeSpan UntilNext, long CounterLifetimeMs)
{
    public static SlidingWindow At(DateTimeOffset now, TimeSpan window)
    {
        var windowMs = Math.Max(1L, (long)window.TotalMilliseconds);
        var nowMs = now.ToUnixTimeMilliseconds();
        var elapsed = nowMs % windowMs;
        return new SlidingWindow(nowMs / windowMs, 1.0 - ((double)elapsed / windowMs), TimeSpan.FromMilliseconds(windowMs - elapsed), windowMs * 2);
    }
}

/// <summary>
/// One key's counts of the current and the previous fixed window, kept in process: the arithmetic the Redis scripts do,
/// for a replica while Redis is unavailable. Callers lock the instance.
/// </summary>
public sealed class WindowCounts
{
    private long _current;
    private long _previous;

    /// <summary>The fixed window the counts belong to; older ones can be forgotten.</summary>
    public long Index { get; private set; }

    /// <summary>Moves to <paramref name="window"/> and returns the sliding estimate of the count.</summary>
    public double Estimate(SlidingWindow window)
    {
        if (Index != window.Index)
        {
            _previous = Index == window.Index - 1 ? _current : 0;
            _current = 0;
            Index = window.Index;
        }

        return (_previous * window.PreviousWeight) + _current;
    }

    /// <summary>Counts one in <paramref name="window"/> and returns the estimate with it.</summary>
    public double Add(SlidingWindow window)
    {
        var estimate = Estimate(window) + 1;
        _current++;
        return estimate;
    }
}
