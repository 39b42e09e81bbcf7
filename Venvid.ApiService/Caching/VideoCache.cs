using System.Diagnostics;
using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;
using Venvid.Contracts;

namespace Venvid.ApiService.Caching;

/// <summary>
/// A video as cached: the caller-independent DTO (<c>likedByMe</c> false) and who owns it. Never mutated (callers
/// copy with <c>with</c>), so it is marked immutable: a local cache hit returns the cached instance instead of
/// deserializing a fresh copy.
/// </summary>
[ImmutableObject(true)]
public sealed record VideoSnapshot(VideoDto Video, Guid OwnerId);

/// <summary>A cached first page of a list; immutable like <see cref="VideoSnapshot"/>, so a hit is the cached instance.</summary>
[ImmutableObject(true)]
public sealed record ListHead(Page<VideoDto> Page);

/// <summary>What deciding "may this caller see this ready video" needs, cached apart from the snapshot so view flushes leave it alone.</summary>
[ImmutableObject(true)]
public sealed record VideoAccess(string Visibility, Guid OwnerId)
{
    public bool Allows(Guid? caller) => OwnerId == caller || Visibility != Visibilities.Private;
}

/// <summary>
/// Cache keys, tags and invalidation for videos. Only ready videos are cached: anything still processing changes
/// too often to be worth it. Whoever changes a video row calls <see cref="InvalidateAsync"/> (or drops the
/// <see cref="CacheTags"/> tags, as the job queue does).
/// </summary>
public sealed class VideoCache(HybridCache cache, HttpCacheEvictions responses)
{
    // A lookup that never creates: a miss returns null and stores nothing, while a Redis hit is kept in memory
    // (with the entry's tags, so tag invalidation still reaches it) instead of costing a round trip on every request.
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData,
    };

    private static readonly HybridCacheEntryOptions ListEntry = new()
    {
        Expiration = TimeSpan.FromSeconds(30),
        LocalCacheExpiration = TimeSpan.FromSeconds(10),
    };

    public async Task<VideoSnapshot?> GetVideoAsync(string id, Func<CancellationToken, Task<VideoSnapshot?>> load, CancellationToken ct)
    {
        var cached = await cache.GetOrCreateAsync<VideoSnapshot?>(VideoKey(id), _ => ValueTask.FromResult<VideoSnapshot?>(null), ReadOnly, [CacheTags.Video(id)], ct);
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

    /// <summary>The cached access rules of a ready video, or null when not cached.</summary>
    public ValueTask<VideoAccess?> GetAccessAsync(string id, CancellationToken ct) =>
        cache.GetOrCreateAsync<VideoAccess?>(AccessKey(id), _ => ValueTask.FromResult<VideoAccess?>(null), ReadOnly, [CacheTags.Video(id)], ct);

    public ValueTask SetAccessAsync(string id, VideoAccess access, CancellationToken ct) =>
        cache.SetAsync(AccessKey(id), access, tags: [CacheTags.Video(id)], cancellationToken: ct);

    public async ValueTask<Page<VideoDto>> GetListHeadAsync(string key, Func<CancellationToken, ValueTask<Page<VideoDto>>> load, CancellationToken ct)
    {
        var head = await cache.GetOrCreateAsync(
            "videos:list-head:" + key, (load, Caller: Activity.Current),
            static async (state, c) => new ListHead(await InTraceOf(state.Caller, state.load, c)), ListEntry, [CacheTags.VideoLists], ct);
        return head.Page;
    }

    /// <summary>Drops the cached video, every cached list head and the responses showing them; call after any change to a video row.</summary>
    public async Task InvalidateAsync(string videoId, CancellationToken ct = default)
    {
        await cache.RemoveAsync([VideoKey(videoId), AccessKey(videoId)], ct);
        await cache.RemoveByTagAsync([CacheTags.Video(videoId), CacheTags.VideoLists], ct);
        await responses.EvictAsync([CacheTags.Video(videoId), CacheTags.VideoLists, CacheTags.Comments(videoId)], ct);
    }

    /// <summary>A comment was posted, edited or deleted: the video's count and its cached threads change.</summary>
    public async Task InvalidateCommentsAsync(string videoId, CancellationToken ct = default)
    {
        await InvalidateVideosAsync([videoId], ct);
        await responses.EvictAsync([CacheTags.Video(videoId), CacheTags.Comments(videoId)], ct);
    }

    /// <summary>
    /// Drops cached videos whose counts changed (view flush) without touching list heads, which expire quickly anyway,
    /// nor their <see cref="VideoAccess"/>, which view counts do not affect.
    /// </summary>
    public async Task InvalidateVideosAsync(IEnumerable<string> videoIds, CancellationToken ct = default)
    {
        foreach (var id in videoIds)
        {
            await cache.RemoveAsync(VideoKey(id), ct);
        }
    }

    /// <summary>A viewer's recommendation ranking of one browsing session, or null (expired, or another viewer's token).</summary>
    public ValueTask<string[]?> GetRankingAsync(Guid viewer, string token, CancellationToken ct) =>
        cache.GetOrCreateAsync<string[]?>(RankingKey(viewer, token), _ => ValueTask.FromResult<string[]?>(null), ReadOnly, cancellationToken: ct);

    /// <summary>Redis keeps the ranking for every replica of the region for <paramref name="lifetime"/>; each process only briefly.</summary>
    public ValueTask SetRankingAsync(Guid viewer, string token, string[] ranking, TimeSpan lifetime, CancellationToken ct) =>
        cache.SetAsync(RankingKey(viewer, token), ranking,
            new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = TimeSpan.FromMinutes(5) }, cancellationToken: ct);

    public ValueTask<bool> IsLikedAsync(Guid userId, string videoId, Func<CancellationToken, ValueTask<bool>> load, CancellationToken ct) =>
        cache.GetOrCreateAsync(LikedKey(userId, videoId), (load, Caller: Activity.Current),
            static (state, c) => InTraceOf(state.Caller, state.load, c), cancellationToken: ct);

    /// <summary>
    /// HybridCache runs a factory once for every concurrent caller, outside their flow: the load is put back in the
    /// first caller's trace, so its database spans belong to the request that caused them.
    /// </summary>
    private static async ValueTask<T> InTraceOf<T>(Activity? caller, Func<CancellationToken, ValueTask<T>> load, CancellationToken ct)
    {
        Activity.Current ??= caller;
        return await load(ct);
    }

    public ValueTask SetLikedAsync(Guid userId, string videoId, bool liked, CancellationToken ct) =>
        cache.SetAsync(LikedKey(userId, videoId), liked, cancellationToken: ct);

    private static string VideoKey(string id) => "video:" + id;

    private static string AccessKey(string id) => "video-access:" + id;

    private static string LikedKey(Guid userId, string videoId) => $"liked:{userId:n}:{videoId}";

    private static string RankingKey(Guid viewer, string token) => $"recommended:{viewer:n}:{token}";
}
