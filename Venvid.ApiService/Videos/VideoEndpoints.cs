using Venvid.ApiService.Media;
using System.Security.Claims;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Search;
using Venvid.ApiService.Uploads;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Videos;

public static class VideoEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const string RelevanceOrder = "relevance";

    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos").WithTags("Videos");
        videos.MapGet("/", ListVideos).WithName("ListVideos")
            .WithSummary("Browse or search videos")
            .WithDescription("Public, ready videos: newest first (sort=new), most viewed (popular) or trending, optionally from one uploader. With q, a search that matches word prefixes and forgives small typos, ranked by relevance; publishedAfter and duration filter it. Cacheable when anonymous.")
            .CacheWhenAnonymous(_ => [CacheTags.VideoLists]);
        videos.MapGet("/{id}", GetVideo).WithName("GetVideo")
            .WithSummary("A video")
            .WithDescription("One video with its playback URL (HLS), renditions, thumbnails, captions and chapters. Private and unfinished videos exist only for their uploader (404 for anyone else). Cacheable when anonymous; revalidate with If-None-Match.")
            .CacheWhenAnonymous(http => [CacheTags.Video((string)http.GetRouteValue("id")!)]);
        videos.MapPut("/{id}", UpdateVideo).WithName("UpdateVideo")
            .WithSummary("Edit a video")
            .WithDescription("Changes title, description (chapters are read from its timestamps) or visibility; fields left out keep their value. Only the uploader may (403 for others who can see it).")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        videos.MapDelete("/{id}", DeleteVideo).WithName("DeleteVideo")
            .WithSummary("Delete a video")
            .WithDescription("Deletes the video and its media for everyone; its URLs stop working at once. Only the uploader may.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> ListVideos(
        string? sort,
        string? q,
        string? uploader,
        string? cursor,
        int? limit,
        string? publishedAfter,
        string? duration,
        ClaimsPrincipal user,
        [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db,
        VideoCache cache,
        VideoReader reader,
        VideoMapper mapper,
        CancellationToken ct)
    {
        var (list, errors) = VideoList.Read(sort, q, uploader, cursor, limit, publishedAfter, duration);
        if (list is null)
        {
            return TypedResults.ValidationProblem(errors!);
        }

        var page = list.After is null
            ? await cache.GetListHeadAsync(list.CacheKey, token => new(list.QueryAsync(db, mapper, token)), ct)
            : await list.QueryAsync(db, mapper, ct);
        return TypedResults.Ok(page with { Items = await reader.PresentAsync(page.Items, user.GetUserId(), ct) });
    }

    /// <summary>A valid request for a page of the public catalogue: its order, size, position and filters.</summary>
    private sealed record VideoList(string Order, int Take, Cursor? After, string? Uploader, string? Query, SearchFilters Filters)
    {
        public string CacheKey => $"{Order}:{Take}:{Uploader?.ToLowerInvariant()}:{Filters}:{Query}";

        /// <summary>The request, or the errors naming every bad parameter.</summary>
        public static (VideoList? List, Dictionary<string, string[]>? Errors) Read(
            string? sort, string? q, string? uploader, string? cursor, int? limit, string? publishedAfter, string? duration)
        {
            var errors = new Dictionary<string, string[]>();
            var take = limit ?? DefaultLimit;
            if (take is < 1 or > MaxLimit)
            {
                errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
            }

            if (sort is not null and not (VideoSorts.New or VideoSorts.Popular or VideoSorts.Trending))
            {
                errors["sort"] = ["sort must be one of new, popular, trending."];
            }

            q = SearchFunctions.ReadQuery(q, required: false, errors);
            var filters = SearchFilters.Read(publishedAfter, duration, errors);
            uploader = string.IsNullOrWhiteSpace(uploader) ? null : uploader.Trim();
            if (uploader?.Length > 64)
            {
                errors["uploader"] = ["uploader must be a username or a user id."];
            }

            // With a search and no explicit sort, results come by relevance; an explicit sort orders the matches instead.
            var order = sort ?? (q is null ? VideoSorts.New : RelevanceOrder);
            if (!Cursor.TryDecode(cursor, order, out var position) || (position is not null && !Keyset.IsValid(position, order)))
            {
                errors["cursor"] = ["The cursor is invalid or belongs to another sort."];
            }

            return errors.Count > 0 ? (null, errors) : (new VideoList(order, take, position, uploader, q, filters), null);
        }

        public async Task<Page<VideoDto>> QueryAsync(VenvidDbContext db, VideoMapper mapper, CancellationToken ct)
        {
            var query = VideoReader.Listed(db.Videos.AsNoTracking());
            if (Uploader is not null)
            {
                if (Guid.TryParse(Uploader, out var ownerId))
                {
                    query = query.Where(v => v.OwnerId == ownerId);
                }
                else
                {
                    var username = Uploader.ToLowerInvariant();
                    query = query.Where(v => v.Owner!.UsernameNormalized == username);
                }
            }

            if (Query is not null)
            {
                var q = Query;
                query = query.Where(v => SearchFunctions.Matches(v.SearchVector, v.Title, q));
            }

            var keys = await Keyset.PageAsync(Filters.Apply(query), Order, Query, After, Take, ct);
            return await Keyset.LoadAsync(db, mapper, Order, keys, Take, ct);
        }
    }

    public static async Task<Results<Ok<VideoDto>, ProblemHttpResult>> GetVideo(
        string id,
        ClaimsPrincipal user,
        HttpContext http,
        MediaGrants grants,
        VideoReader reader,
        CancellationToken ct)
    {
        var caller = user.GetUserId();
        var snapshot = await reader.FindVisibleAsync(id, caller, ct);
        if (snapshot is null)
        {
            return NotFound();
        }

        if (caller is { } owner && !VideoReader.CanSee(snapshot, caller: null))
        {
            // Only the uploader sees this video: let their browser load its media too.
            grants.Issue(http.Response, id, owner);
        }

        return TypedResults.Ok(await reader.PresentAsync(snapshot.Video, caller, ct));
    }

    public static async Task<Results<Ok<VideoDto>, ValidationProblem, ProblemHttpResult>> UpdateVideo(
        string id,
        UpdateVideoRequest request,
        ClaimsPrincipal user,
        VenvidDbContext db,
        VideoCache cache,
        VideoReader reader,
        VideoMapper mapper,
        TimeProvider time,
        CancellationToken ct)
    {
        var (video, denied) = await FindOwnedAsync(db, id, user.GetUserId(), ct);
        if (video is null)
        {
            return denied!;
        }

        var errors = UploadValidation.Metadata(request.Title, request.Description, request.Visibility, titleRequired: false);
        if (errors.Count > 0)
        {
            return errors.ToResult();
        }

        var title = request.Title?.Trim();

        var now = time.GetUtcNow();
        video.Title = title ?? video.Title;
        video.Description = request.Description ?? video.Description;
        video.Visibility = request.Visibility ?? video.Visibility;
        if (video.Status == VideoStatuses.Ready && video.PublishedAt is null && video.Visibility == Visibilities.Public)
        {
            video.PublishedAt = now;
        }

        video.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync(video.Id, ct);
        return TypedResults.Ok(await reader.PresentAsync(mapper.ToDto(video, likedByMe: false), video.OwnerId, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteVideo(
        string id,
        ClaimsPrincipal user,
        VenvidDbContext db,
        VideoCache cache,
        Playlists.PlaylistStore playlists,
        IAmazonS3 s3,
        IOptions<StorageOptions> storage,
        TimeProvider time,
        ILogger<VideoCache> logger,
        CancellationToken ct)
    {
        var (video, denied) = await FindOwnedAsync(db, id, user.GetUserId(), ct);
        if (video is null)
        {
            return denied!;
        }

        video.DeletedAt = video.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await playlists.RemoveVideoEverywhereAsync(video.Id, ct);
        await db.Comments.Where(c => c.VideoId == video.Id).ExecuteDeleteAsync(ct);
        await cache.InvalidateAsync(video.Id, ct);

        // The row is gone for every reader already; media removal is best effort and logged when it fails.
        try
        {
            await DeleteMediaAsync(s3, storage.Value.Bucket, video, ct);
        }
        catch (AmazonS3Exception e)
        {
            logger.LogWarning(e, "Could not remove media of deleted video {VideoId}", video.Id);
        }

        logger.LogInformation("Video {VideoId} deleted by its uploader", video.Id);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The video for its uploader to change. Others get 404 when they could not see the video anyway (private, not
    /// ready, deleted — its existence is not revealed) and 403 when they can see it but it is not theirs.
    /// </summary>
    internal static async Task<(Video? Video, ProblemHttpResult? Denied)> FindOwnedAsync(VenvidDbContext db, string id, Guid? caller, CancellationToken ct)
    {
        var video = id.Length > 16
            ? null
            : await db.Videos.WithDetail()
                .SingleOrDefaultAsync(v => v.Id == id && v.DeletedAt == null, ct);
        if (video is null)
        {
            return (null, NotFound());
        }

        if (video.OwnerId == caller)
        {
            return (video, null);
        }

        var visible = video.Status == VideoStatuses.Ready && video.Visibility != Visibilities.Private;
        return (null, visible
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the uploader can change this video.")
            : NotFound());
    }

    internal static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found.");

    private static async Task DeleteMediaAsync(IAmazonS3 s3, string bucket, Video video, CancellationToken ct)
    {
        var keys = new List<string>();
        if (!string.IsNullOrEmpty(video.MediaPrefix))
        {
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = video.MediaPrefix.TrimEnd('/') + "/" };
            ListObjectsV2Response response;
            do
            {
                response = await s3.ListObjectsV2Async(request, ct);
                keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }

        if (!string.IsNullOrEmpty(video.SourceKey))
        {
            keys.Add(video.SourceKey);
        }

        foreach (var chunk in keys.Chunk(1000))
        {
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = bucket,
                Objects = [.. chunk.Select(k => new KeyVersion { Key = k })],
            }, ct);
        }
    }
}
