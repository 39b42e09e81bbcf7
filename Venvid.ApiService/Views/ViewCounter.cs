using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Views;

/// <summary>Counts views: deduplicated and buffered in Redis, written straight to Postgres when Redis is unavailable.</summary>
public sealed class ViewCounter(
    ViewCountWrites countWrites,
    PendingViewReads pendingReads,
    IOptions<ViewOptions> options,
    VenvidDbContext db,
    VideoCache cache,
    TimeProvider time,
    ILogger<ViewCounter> logger)
{
    public static string ViewerKey(Guid? userId, string clientAddress, string userAgent) =>
        userId is { } id
            ? "u:" + id.ToString("n")
            : "a:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clientAddress + "\n" + userAgent)))[..32];

    /// <summary>Records a view; true when it counted (not a repeat within the window).</summary>
    public async Task<bool> RecordAsync(string videoId, string viewer, Guid? userId, CancellationToken ct)
    {
        var counted = await countWrites.CountAsync(videoId, viewer);

        if (counted is null)
        {
            logger.LogInformation("Redis unavailable; counting view of {VideoId} directly in Postgres", videoId);
            counted = await CountInPostgresAsync(videoId, viewer, ct);
            if (counted.Value)
            {
                await cache.InvalidateVideosAsync([videoId], ct);
            }
        }

        if (userId is { } user)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO view_history (user_id, video_id, last_viewed_at) VALUES ({user}, {videoId}, {time.GetUtcNow()})
                ON CONFLICT (user_id, video_id) DO UPDATE SET last_viewed_at = excluded.last_viewed_at
                """, ct);
        }

        return counted.Value;
    }

    /// <summary>Views counted in Redis but not yet flushed to Postgres (the result may hold other ids too); empty when Redis is unavailable.</summary>
    public Task<IReadOnlyDictionary<string, long>> PendingAsync(IReadOnlyList<string> videoIds) => pendingReads.ReadAsync(videoIds);

    private async Task<bool> CountInPostgresAsync(string videoId, string viewer, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var counted = await CountedViewLedger.CountAsync(db, [new ViewerView(videoId, viewer, now)], options.Value.DedupeWindow, ct);
        if (counted.Count == 0)
        {
            return false;
        }

        var increment = TrendingScore.Increment(1, now, options.Value.TrendingHalfLife);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE videos SET view_count = view_count + 1,
              trending_score = GREATEST(trending_score, {increment}) + LN(1 + EXP(-ABS(trending_score - {increment})))
            WHERE id = {videoId}
            """, ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
