using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Views;

/// <summary>Adds counted views to <c>videos</c>: the view count, and the trending score decayed to <paramref name="now"/>.</summary>
public static class ViewTotals
{
    /// <summary>One statement for every video of <paramref name="counted"/> (video id → views), inside the caller's transaction.</summary>
    public static Task<int> AddAsync(
        VenvidDbContext db, IReadOnlyDictionary<string, long> counted, DateTimeOffset now, TimeSpan trendingHalfLife, CancellationToken ct)
    {
        var ids = counted.Keys.ToArray();
        var views = ids.Select(id => counted[id]).ToArray();
        var increments = views.Select(n => TrendingScore.Increment(n, now, trendingHalfLife)).ToArray();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE videos AS v SET view_count = v.view_count + b.n,
              trending_score = GREATEST(v.trending_score, b.x) + LN(1 + EXP(-ABS(v.trending_score - b.x)))
            FROM unnest({ids}::text[], {views}::bigint[], {increments}::float8[]) AS b(id, n, x)
            WHERE v.id = b.id
            """, ct);
    }
}
