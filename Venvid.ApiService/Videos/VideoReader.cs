using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Views;
using Venvid.Contracts;

namespace Venvid.ApiService.Videos;

/// <summary>Reads videos for callers: cached snapshots, visibility rules, and the per-caller / fresher fields layered on top.</summary>
/// <remarks>
/// The shared cache is filled from the primary only: a replica a moment behind would otherwise put back, for every
/// reader, the state a write has just invalidated. Per-caller reads (likes) follow <see cref="ReadRouting"/>.
/// </remarks>
public sealed class VideoReader(
    VenvidDbContext db, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext reads, VideoCache cache, VideoMapper mapper)
{
    /// <summary>The video if <paramref name="caller"/> may see it: public and unlisted once ready, anything to its uploader.</summary>
    public async Task<VideoSnapshot?> FindVisibleAsync(string id, Guid? caller, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 16)
        {
            return null;
        }

        var snapshot = await cache.GetVideoAsync(id, LoadAsync, ct);
        return snapshot is not null && CanSee(snapshot, caller) ? snapshot : null;

        async Task<VideoSnapshot?> LoadAsync(CancellationToken token)
        {
            var video = await db.Videos.AsNoTracking()
                .WithDetail()
                .SingleOrDefaultAsync(v => v.Id == id && v.DeletedAt == null, token);
            return video is null ? null : new VideoSnapshot(mapper.ToDto(video, likedByMe: false), video.OwnerId);
        }
    }

    /// <summary>The videos <paramref name="caller"/> may see, as a query: the rule of <see cref="CanSee"/>, deleted ones left out.</summary>
    public static IQueryable<Video> VisibleTo(IQueryable<Video> videos, Guid? caller) =>
        videos.Where(v => v.DeletedAt == null && (v.OwnerId == caller || (v.Status == VideoStatuses.Ready && v.Visibility != Visibilities.Private)));

    /// <summary>The public catalogue: published, public, ready and not deleted (the filter of its list indexes).</summary>
    public static IQueryable<Video> Listed(IQueryable<Video> videos) =>
        videos.Where(v => v.Status == VideoStatuses.Ready && v.Visibility == Visibilities.Public && v.DeletedAt == null && v.PublishedAt != null);

    public static bool CanSee(VideoSnapshot snapshot, Guid? caller) =>
        snapshot.OwnerId == caller
        || (snapshot.Video.Status == VideoStatuses.Ready && snapshot.Video.Visibility != Visibilities.Private);

    /// <summary>One video for one caller: likedByMe, cached per user.</summary>
    public async Task<VideoDto> PresentAsync(VideoDto video, Guid? caller, CancellationToken ct)
    {
        var liked = caller is { } user && await cache.IsLikedAsync(user, video.Id,
            token => new ValueTask<bool>(reads.Likes.AnyAsync(l => l.UserId == user && l.VideoId == video.Id, token)), ct);
        return liked == video.LikedByMe ? video : video with { LikedByMe = liked };
    }

    /// <summary>A page for one caller: one likes query for the page (none for an anonymous caller).</summary>
    public async Task<List<VideoDto>> PresentAsync(IReadOnlyList<VideoDto> videos, Guid? caller, CancellationToken ct)
    {
        if (caller is not { } user || videos.Count == 0)
        {
            return [.. videos];
        }

        var ids = videos.Select(v => v.Id).ToList();
        var liked = (await reads.Likes.Where(l => l.UserId == user && ids.Contains(l.VideoId)).Select(l => l.VideoId).ToListAsync(ct)).ToHashSet();
        return [.. videos.Select(v => liked.Contains(v.Id) == v.LikedByMe ? v : v with { LikedByMe = liked.Contains(v.Id) })];
    }
}
