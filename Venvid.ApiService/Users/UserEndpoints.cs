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
    public const string MineOrder = "mine";
    public const string LikedOrder = "liked";
    public const string HistoryOrder = "history";

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/users/me").WithTags("Users").RequireAuthorization();
        me.MapGet("/", GetMe).WithName("GetMe");
        me.MapPut("/", UpdateMe).WithName("UpdateMe");
        me.MapGet("/videos", MyVideos).WithName("MyVideos");
        me.MapGet("/liked", LikedVideos).WithName("LikedVideos");
        me.MapGet("/history", History).WithName("History");
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
        UpdateProfileRequest request, ClaimsPrincipal principal, VenvidDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var displayName = request.DisplayName?.Trim();
        var bio = request.Bio?.Trim();
        if (displayName?.Length > 50)
        {
            errors["displayName"] = ["displayName must be at most 50 characters."];
        }

        if (bio?.Length > 1000)
        {
            errors["bio"] = ["bio must be at most 1000 characters."];
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
        return TypedResults.Ok(user.ToDto());
    }

    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> MyVideos(
        string? cursor, int? limit, ClaimsPrincipal principal, HttpContext http, MediaGrants grants,
        [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = principal.GetUserId()!.Value;
        var keys = db.Videos.Where(v => v.OwnerId == me && v.DeletedAt == null)
            .Select(v => new TimeKey { At = v.CreatedAt, Id = v.Id });
        var page = await PageAsync(keys, MineOrder, cursor, limit, me, db, reader, mapper, ct);
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
            join video in VisibleTo(db, me) on like.VideoId equals video.Id
            where like.UserId == me
            select new TimeKey { At = like.CreatedAt, Id = like.VideoId };
        return PageAsync(keys, LikedOrder, cursor, limit, me, db, reader, mapper, ct);
    }

    public static Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> History(
        string? cursor, int? limit, ClaimsPrincipal principal, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = principal.GetUserId()!.Value;
        var keys =
            from view in db.ViewHistory
            join video in VisibleTo(db, me) on view.VideoId equals video.Id
            where view.UserId == me
            select new TimeKey { At = view.LastViewedAt, Id = view.VideoId };
        return PageAsync(keys, HistoryOrder, cursor, limit, me, db, reader, mapper, ct);
    }

    private static IQueryable<Video> VisibleTo(VenvidDbContext db, Guid me) =>
        db.Videos.Where(v => v.DeletedAt == null
            && (v.OwnerId == me || (v.Status == VideoStatuses.Ready && v.Visibility != Visibilities.Private)));

    /// <summary>Keyset page over (time desc, id desc) of the caller's own lists.</summary>
    private static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> PageAsync(
        IQueryable<TimeKey> keys, string order, string? cursor, int? limit, Guid me,
        VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var take = limit ?? VideoEndpoints.DefaultLimit;
        if (take is < 1 or > VideoEndpoints.MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {VideoEndpoints.MaxLimit}."];
        }

        var at = default(DateTimeOffset);
        if (!Cursor.TryDecode(cursor, order, out var after) || (after is not null && !after.TryTime(out at)))
        {
            errors["cursor"] = ["The cursor is invalid or belongs to another list."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (after is not null)
        {
            var afterId = after.Id;
            // A row-value comparison, so Postgres seeks to the cursor instead of filtering from the top.
            keys = keys.Where(k => EF.Functions.LessThan(ValueTuple.Create(k.At, k.Id), ValueTuple.Create(at, afterId)));
        }

        var rows = await keys.OrderByDescending(k => k.At).ThenByDescending(k => k.Id).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var items = await Keyset.LoadInOrderAsync(db, mapper, [.. page.Select(r => r.Id)], ct);
        var next = rows.Count > take ? new Cursor(order, Cursor.FromTime(page[^1].At), page[^1].Id).Encode() : null;
        return TypedResults.Ok(new Page<VideoDto>(await reader.PresentAsync(items, me, ct), next));
    }

    private static ProblemHttpResult UnknownUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The account no longer exists.");

    private sealed class TimeKey
    {
        public DateTimeOffset At { get; init; }
        public required string Id { get; init; }
    }
}
