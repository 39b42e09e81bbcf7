using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Likes;

/// <summary>
/// Likes are rows in Postgres; <c>videos.like_count</c> moves in the same statement as the row insert/delete, by the
/// number of rows actually inserted or deleted, so it equals the number of like rows under any concurrency.
/// </summary>
public static class LikeEndpoints
{
    public static IEndpointRouteBuilder MapLikeEndpoints(this IEndpointRouteBuilder app)
    {
        var likes = app.MapGroup("/api/videos/{id}/like").WithTags("Likes").RequireAuthorization();
        likes.MapPost("/", Like).WithName("LikeVideo")
            .WithSummary("Like a video")
            .WithDescription("Likes the video; liking it again changes nothing. Answers the new like count.");
        likes.MapDelete("/", Unlike).WithName("UnlikeVideo")
            .WithSummary("Remove your like")
            .WithDescription("Removes your like if there was one. Answers the new like count.");
        return app;
    }

    public static async Task<Results<Ok<LikeResult>, ProblemHttpResult>> Like(
        string id, ClaimsPrincipal user, VenvidDbContext db, VideoReader reader, VideoCache cache, TimeProvider time, CancellationToken ct)
    {
        var caller = user.GetUserId()!.Value;
        if (await reader.FindVisibleAsync(id, caller, ct) is null)
        {
            return VideoEndpoints.NotFound();
        }

        var count = await db.Database.SqlQuery<long>($"""
            WITH inserted AS (
              INSERT INTO likes (user_id, video_id, created_at) VALUES ({caller}, {id}, {time.GetUtcNow()})
              ON CONFLICT DO NOTHING RETURNING 1)
            UPDATE videos SET like_count = like_count + (SELECT count(*) FROM inserted)
            WHERE id = {id} RETURNING like_count AS "Value"
            """).ToListAsync(ct);
        return await ResultAsync(cache, caller, id, count, liked: true, ct);
    }

    public static async Task<Results<Ok<LikeResult>, ProblemHttpResult>> Unlike(
        string id, ClaimsPrincipal user, VenvidDbContext db, VideoReader reader, VideoCache cache, CancellationToken ct)
    {
        var caller = user.GetUserId()!.Value;
        if (await reader.FindVisibleAsync(id, caller, ct) is null)
        {
            return VideoEndpoints.NotFound();
        }

        var count = await db.Database.SqlQuery<long>($"""
            WITH deleted AS (
              DELETE FROM likes WHERE user_id = {caller} AND video_id = {id} RETURNING 1)
            UPDATE videos SET like_count = like_count - (SELECT count(*) FROM deleted)
            WHERE id = {id} RETURNING like_count AS "Value"
            """).ToListAsync(ct);
        return await ResultAsync(cache, caller, id, count, liked: false, ct);
    }

    private static async Task<Results<Ok<LikeResult>, ProblemHttpResult>> ResultAsync(
        VideoCache cache, Guid caller, string id, List<long> count, bool liked, CancellationToken ct)
    {
        if (count.Count == 0)
        {
            return VideoEndpoints.NotFound();
        }

        await cache.SetLikedAsync(caller, id, liked, ct);
        await cache.InvalidateAsync(id, ct);
        return TypedResults.Ok(new LikeResult(count[0], liked));
    }
}
