using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Views;

/// <summary>One view as a beacon reported it: who watched what, and when.</summary>
public readonly record struct ViewerView(string VideoId, string Viewer, DateTimeOffset At);

/// <summary>
/// Whether a view counts: <c>counted_views</c> holds each viewer's last counted view per video, and a view counts only
/// if it is the first, or the last one is older than the window. It commits with the counts it decides, so a retried
/// or replayed batch cannot count a view twice.
/// </summary>
public static class CountedViewLedger
{
    /// <summary>
    /// Records <paramref name="batch"/> and returns how many counted per video; a viewer's repeats of a video within
    /// <paramref name="batch"/> count as one (one statement cannot upsert a row twice). Runs inside the caller's
    /// transaction, so the counts move with the rows or not at all.
    /// </summary>
    public static async Task<Dictionary<string, long>> CountAsync(
        VenvidDbContext db, IReadOnlyCollection<ViewerView> batch, TimeSpan window, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var views = batch.DistinctBy(v => (v.VideoId, v.Viewer)).ToList();

        var videoIds = views.Select(v => v.VideoId).ToArray();
        var viewers = views.Select(v => v.Viewer).ToArray();
        var times = views.Select(v => v.At.ToUniversalTime()).ToArray();
        var counted = await db.Database.SqlQuery<CountedRow>($"""
            WITH counted AS (
              INSERT INTO counted_views (video_id, viewer, counted_at)
              SELECT b.video_id, b.viewer, b.at
              FROM unnest({videoIds}::text[], {viewers}::text[], {times}::timestamptz[]) AS b(video_id, viewer, at)
              WHERE EXISTS (SELECT 1 FROM videos v WHERE v.id = b.video_id)
              ON CONFLICT (video_id, viewer) DO UPDATE SET counted_at = excluded.counted_at
              WHERE counted_views.counted_at <= excluded.counted_at - make_interval(secs => {window.TotalSeconds})
              RETURNING video_id)
            SELECT video_id, count(*) AS views FROM counted GROUP BY video_id
            """).ToListAsync(ct);
        return counted.ToDictionary(c => c.VideoId, c => c.Views, StringComparer.Ordinal);
    }

    /// <summary>Forgets views older than the window: they can no longer suppress a repeat.</summary>
    public static Task<int> ForgetExpiredAsync(VenvidDbContext db, DateTimeOffset now, TimeSpan window, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM counted_views WHERE counted_at < {now - window}", ct);

    private sealed record CountedRow(string VideoId, long Views);
}
