using Microsoft.Extensions.Caching.Hybrid;
using Venvid.Contracts;

namespace Venvid.ApiService.Caching;

/// <summary>A video as cached: the caller-independent DTO (<c>likedByMe</c> false) and who owns it.</summary>
public sealed record VideoSnapshot(VideoDto Video, Guid OwnerId);

/// <summary>
/// Cache keys, tags and invalidation for videos. Only ready videos are cached: anything still processing changes
/// too often to be worth it. Whoever changes a video row calls <see cref="InvalidateAsync"/> (or drops the
/// <see cref="CacheTags"/> tags, as the job queue does).
/// </summary>
public sealed class VideoCache(HybridCache cache)
{
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private static readonly HybridCacheEntryOptions ListEntry = new()
    {
        Expiration = TimeSpan.FromSeconds(30),
        LocalCacheExpiration = TimeSpan.FromSeconds(10),
    };

    public async Task<VideoSnapshot?> GetVideoAsync(string id, Func<CancellationToken, Task<VideoSnapshot?>> load, CancellationToken ct)
    {
        var cached = await cache.GetOrCreateAsync<VideoSnapshot?>(VideoKey(id), _ => ValueTask.FromResult<VideoSnapshot?>(null), ReadOnly, cancellationToken: ct);
        if (cached is not null)
        {
            return cached;
        }

        var fresh = await load(ct);
        if (fresh is { Video.Status: VideoStatuses.Ready })
        {
            await cache.SetAsync(VideoKey(id), fresh, tags: [CacheTags.Video(id)], cancellationToken: ct);
        }

        return fresh;
    }

    public ValueTask<Page<VideoDto>> GetListHeadAsync(string key, Func<CancellationToken, ValueTask<Page<VideoDto>>> load, CancellationToken ct) =>
        cache.GetOrCreateAsync("videos:list:" + key, load, (l, c) => l(c), ListEntry, [CacheTags.VideoLists], ct);

    /// <summary>Drops the cached video and every cached list head; call after any change to a video row.</summary>
    public async Task InvalidateAsync(string videoId, CancellationToken ct = default)
    {
        await cache.RemoveAsync(VideoKey(videoId), ct);
        await cache.RemoveByTagAsync([CacheTags.Video(videoId), CacheTags.VideoLists], ct);
    }

    /// <summary>Drops cached videos whose counts changed (view flush) without touching list heads, which expire quickly anyway.</summary>
    public async Task InvalidateVideosAsync(IEnumerable<string> videoIds, CancellationToken ct = default)
    {
        foreach (var id in videoIds)
        {
            await cache.RemoveAsync(VideoKey(id), ct);
        }
    }

    public ValueTask<bool> IsLikedAsync(Guid userId, string videoId, Func<CancellationToken, ValueTask<bool>> load, CancellationToken ct) =>
        cache.GetOrCreateAsync(LikedKey(userId, videoId), load, (l, c) => l(c), cancellationToken: ct);

    public ValueTask SetLikedAsync(Guid userId, string videoId, bool liked, CancellationToken ct) =>
        cache.SetAsync(LikedKey(userId, videoId), liked, cancellationToken: ct);

    private static string VideoKey(string id) => "video:" + id;

    private static string LikedKey(Guid userId, string videoId) => $"liked:{userId:n}:{videoId}";
}
