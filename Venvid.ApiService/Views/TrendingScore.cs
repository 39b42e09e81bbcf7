namespace Venvid.ApiService.Views;

/// <summary>
/// Trending = Σ views·2^(t/halfLife), kept in log space so it never overflows: each batch adds
/// x = ln(n) + t·ln2/halfLife with the log-sum-exp update GREATEST(s, x) + LN(1 + EXP(-ABS(s - x))) in SQL.
/// Older views therefore weigh exponentially less than new ones, without ever rewriting old rows.
/// </summary>
public static class TrendingScore
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static double Increment(long views, DateTimeOffset now, TimeSpan halfLife) =>
        Math.Log(views) + (now - Epoch).TotalSeconds * Math.Log(2) / halfLife.TotalSeconds;
}
