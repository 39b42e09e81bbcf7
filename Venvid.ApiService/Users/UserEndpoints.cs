using Venvid.ApiService.Caching;
using Venvid.ApiService.Media;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Users;

public static class UserEndpoints
{
    public const int MaxDisplayNameLength = 50;
    public const int MaxBioLength = 1000;
    public const string MineOrder = "mine";
    public const string LikedOrder = "liked";
    public const string HistoryOrder = "history";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/users/me").WithTags("Users").RequireAuthorization();
        me.MapGet("/", GetMe).WithName("GetMe")
            .WithSummary("Your account")
            .WithDescription("The signed-in user's account, with the email address only its owner sees.");
        me.MapPut("/", UpdateMe).WithName("UpdateMe")
            .WithSummary("Update your profile")
            .WithDescription("Changes displayName and bio; a field left out (null) keeps its value, an empty one clears it.");
        me.MapGet("/videos", MyVideos).WithName("MyVideos")
            .WithSummary("Your videos")
            .WithDescription("Every video you uploaded, newest first, in any status or visibility (uploading, processing, failed, private). Grants this browser access to their media.");
        me.MapGet("/liked", LikedVideos).WithName("LikedVideos")
            .WithSummary("Videos you liked")
            .WithDescription("The videos you liked that you may still see, most recently liked first.");
        me.MapGet("/history", History).WithName("History")
            .WithSummary("Watch history")
            .WithDescription("The videos you watched, most recently watched first, each once.");
        return app;
    }

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetMe(ClaimsPrincipal principal, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, CancellationToken ct)
    {
        var id = principal.GetUserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? UnknownUser() : TypedResults.Ok(user.ToDto());
    }

    /// <summary>Only <c>displayName</c> and <c>bio</c> are writable; an omitted (null) field keeps its value, an empty one clears it.</summary>
    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, ClaimsPrincipal principal, VenvidDbContext db, HttpCacheEvictions responses, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var displayName = request.DisplayName?.Trim();
        var bio = request.Bio?.Trim();
        if (displayName?.Length > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"displayName must be at most {MaxDisplayNameLength} characters."];
        }

        if (bio?.Length > MaxBioLength)
        {
            errors["bio"] = [$"bio must be at most {MaxBioLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = principal.GetUserId();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return UnknownUser();
        }

        if (displayName is not null)
        {
            user.DisplayName = displayName.Length == 0 ? null : displayName;
        }

        if (bio is not null)
        {
            user.Bio = bio.Length == 0 ? null : bio;
        }

        await db.SaveChangesAsync(ct);
        await responses.EvictAsync([CacheTags.Channel(user.Username)], ct);
        return TypedResults.Ok(user.ToDto());
    }

    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> MyVideos(
        string? cursor, int? limit, ClaimsPrincipal principal, HttpContext http, MediaGrants grants,
        [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = principal.GetUserId()!.Value;
        var keys = db.Videos.Where(v => v.OwnerId == me && v.DeletedAt == null)
            .Select(v => new Keyset.TimeKey { At = v.CreatedAt, Id = v.Id });
        var page = await Keyset.TimePageAsync(keys, MineOrder, cursor, limit, me, db, reader, mapper, ct);
        if (page.Result is Ok<Page<VideoDto>> { Value: { } videos })
        {
            // The uploader's thumbnails of private and unfinished videos load through media grants, like the watch page's.
            foreach (var video in videos.Items.Where(v => v.ThumbnailUrl is not null
                && (v.Visibility == Visibilities.Private || v.Status != VideoStatuses.Ready)))
            {
                grants.Issue(http.Response, video.Id, me);
            }
        }

        return page;
    }

    public static Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> LikedVideos(
        string? cursor, int? limit, ClaimsPrincipal principal, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = principal.GetUserId()!.Value;
        var keys =
            from like in db.Likes
            join video in VideoReader.VisibleTo(db.Videos, me) on like.VideoId equals video.Id
            where like.UserId == me
            select new Keyset.TimeKey { At = like.CreatedAt, Id = like.VideoId };
        return Keyset.TimePageAsync(keys, LikedOrder, cursor, limit, me, db, reader, mapper, ct);
    }

    public static Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> History(
        string? cursor, int? limit, ClaimsPrincipal principal, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = principal.GetUserId()!.Value;
        var keys =
            from view in db.ViewHistory
            join video in VideoReader.VisibleTo(db.Videos, me) on view.VideoId equals video.Id
            where view.UserId == me
            select new Keyset.TimeKey { At = view.LastViewedAt, Id = view.VideoId };
        return Keyset.TimePageAsync(keys, HistoryOrder, cursor, limit, me, db, reader, mapper, ct);
    }

    private static ProblemHttpResult UnknownUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The account no longer exists.");
}
