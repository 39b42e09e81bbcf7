using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Views;

/// <summary>Records views: the count (<see cref="ViewWriter"/>) and, for a signed-in viewer, the history row.</summary>
public sealed class ViewCounter(ViewWriter writer, IServiceProvider services, TimeProvider time)
{
    public static string ViewerKey(Guid? userId, string clientAddress, string userAgent) =>
        userId is { } id
            ? "u:" + id.ToString("n")
            : "a:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(clientAddress + "\n" + userAgent)))[..32];

    /// <summary>Records a view; its count is deduplicated per viewer and window and shows within a few seconds.</summary>
    public async Task RecordAsync(string videoId, string viewer, Guid? userId, CancellationToken ct)
    {
        var counting = writer.CountAsync(videoId, viewer, out var mustWait);
        if (mustWait)
        {
            await counting;
        }

        if (userId is { } user)
        {
            // Resolved here, not injected: an anonymous beacon (most of them) never needs a database context.
            var db = services.GetRequiredService<VenvidDbContext>();
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO view_history (user_id, video_id, last_viewed_at) VALUES ({user}, {videoId}, {time.GetUtcNow()})
                ON CONFLICT (user_id, video_id) DO UPDATE SET last_viewed_at = excluded.last_viewed_at
                """, ct);
        }
    }
}
