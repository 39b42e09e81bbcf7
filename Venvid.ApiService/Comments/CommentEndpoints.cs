using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Subscriptions;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Comments;

/// <summary>
/// Comments on videos: threads and one level of replies, plain text. <c>videos.comment_count</c> (comments and replies
/// not deleted) and each thread's <c>reply_count</c> move in the transaction that posts or deletes one.
/// </summary>
public static class CommentEndpoints
{
    public const int MaxTextLength = 5000;

    public static IEndpointRouteBuilder MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/videos/{id}/comments", Threads).WithTags("Comments").WithName("VideoComments")
            .WithSummary("A video's comments")
            .WithDescription("Top-level comments on the video, newest first (sort=new, the default) or oldest first (sort=old); a deleted one with replies stays as a placeholder.")
            .CacheWhenAnonymous(http => [CacheTags.Comments((string)http.GetRouteValue("id")!)]);
        app.MapPost("/api/videos/{id}/comments", Post).WithTags("Comments").WithName("PostComment")
            .WithSummary("Comment on a video")
            .WithDescription("Posts a comment, or a reply when parentId names a top-level comment of the same video.")
            .RequireAuthorization();
        var comments = app.MapGroup("/api/comments/{id}").WithTags("Comments");
        comments.MapGet("/replies", Replies).WithName("CommentReplies")
            .WithSummary("Replies to a comment")
            .WithDescription("The replies to a top-level comment, oldest first.");
        comments.MapPut("/", Edit).WithName("EditComment")
            .WithSummary("Edit your comment")
            .WithDescription("Changes the text of your comment; it is then marked edited. Its author only.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        comments.MapDelete("/", Delete).WithName("DeleteComment")
            .WithSummary("Delete a comment")
            .WithDescription("Deletes a comment; its author or the video's uploader may. A comment with replies stays as a placeholder.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Top-level comments, newest (default) or oldest first; deleted ones only as placeholders of their replies.</summary>
    public static async Task<Results<Ok<Page<CommentDto>>, ValidationProblem, ProblemHttpResult>> Threads(
        string id, string? sort, string? cursor, int? limit, ClaimsPrincipal user,
        [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, CancellationToken ct)
    {
        if (sort is not (null or "new" or "old"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sort"] = ["sort must be new or old."] });
        }

        var oldest = sort == "old";
        var order = oldest ? "comments-old" : "comments-new";
        if (Paging.Read(cursor, limit, order, out var invalid) is not (var take, var after, var at))
        {
            return invalid!;
        }

        if (await reader.FindVisibleAsync(id, user.GetUserId(), ct) is null)
        {
            return Problems.NotFound("video");
        }

        var threads = db.Comments.Where(c => c.VideoId == id && c.ParentId == null && (!c.Deleted || c.ReplyCount > 0));
        return TypedResults.Ok(await PageAsync(threads, oldest, after, at, take, order, ct));
    }

    /// <summary>A thread's replies, oldest first.</summary>
    public static async Task<Results<Ok<Page<CommentDto>>, ValidationProblem, ProblemHttpResult>> Replies(
        string id, string? cursor, int? limit, ClaimsPrincipal user,
        [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoReader reader, CancellationToken ct)
    {
        if (Paging.Read(cursor, limit, "replies", out var invalid) is not (var take, var after, var at))
        {
            return invalid!;
        }

        var thread = id.Length > 16 ? null : await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.ParentId == null, ct);
        if (thread is null || await reader.FindVisibleAsync(thread.VideoId, user.GetUserId(), ct) is null)
        {
            return NotFound();
        }

        var replies = db.Comments.Where(c => c.ParentId == id && !c.Deleted);
        return TypedResults.Ok(await PageAsync(replies, oldestFirst: true, after, at, take, "replies", ct));
    }

    public static async Task<Results<Created<CommentDto>, ValidationProblem, ProblemHttpResult, EmptyHttpResult>> Post(
        string id, PostCommentRequest request, ClaimsPrincipal user, HttpContext http, VenvidDbContext db, VideoReader reader, VideoCache cache,
        SharedRateLimiter limiter, IOptions<AuthRateLimitOptions> limits, TimeProvider time, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (Validate(request.Text) is { } invalid)
        {
            return invalid;
        }

        if (await reader.FindVisibleAsync(id, me, ct) is null)
        {
            return Problems.NotFound("video");
        }

        // Replying to a reply attaches to its thread: replies are one level deep.
        string? parentId = null;
        if (!string.IsNullOrEmpty(request.ParentId))
        {
            var parent = request.ParentId.Length > 16 ? null
                : await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ParentId && c.VideoId == id && !c.Deleted, ct);
            if (parent is null)
            {
                return NotFound();
            }

            parentId = parent.ParentId ?? parent.Id;
        }

        if (await limiter.AcquireAsync($"comment:{me:N}", limits.Value.CommentsPerUser, limits.Value.CommentWindow) is { } retryAfter)
        {
            await AuthRateLimits.WriteTooManyRequestsAsync(http, retryAfter);
            return TypedResults.Empty;
        }

        var comment = new Comment { Id = OpaqueId.NewCommentId(), VideoId = id, AuthorId = me, ParentId = parentId, Text = request.Text!.Trim(), CreatedAt = time.GetUtcNow() };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Comments.Add(comment);
            await db.SaveChangesAsync(ct);
            await db.Database.ExecuteSqlAsync($"UPDATE videos SET comment_count = comment_count + 1 WHERE id = {id}", ct);
            if (parentId is not null)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE comments SET reply_count = reply_count + 1 WHERE id = {parentId}", ct);
            }

            await transaction.CommitAsync(ct);
        }

        await cache.InvalidateCommentsAsync(id, ct);
        return TypedResults.Created($"/api/comments/{comment.Id}", (await LoadAsync(db, [comment.Id], ct)).Single());
    }

    public static async Task<Results<Ok<CommentDto>, ValidationProblem, ProblemHttpResult>> Edit(
        string id, EditCommentRequest request, ClaimsPrincipal user, VenvidDbContext db, VideoReader reader, VideoCache cache,
        TimeProvider time, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        var (comment, denied) = await FindAsync(db, reader, id, me, ct);
        if (comment is null)
        {
            return denied!;
        }

        if (comment.AuthorId != me)
        {
            return Problems.Forbidden("Only its author may edit a comment.");
        }

        if (Validate(request.Text) is { } invalid)
        {
            return invalid;
        }

        comment.Text = request.Text!.Trim();
        comment.EditedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await cache.InvalidateCommentsAsync(comment.VideoId, ct);
        return TypedResults.Ok((await LoadAsync(db, [comment.Id], ct)).Single());
    }

    /// <summary>By its author or the video's uploader. A thread with replies stays as an empty placeholder; the last reply of one takes it along.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal user, VenvidDbContext db, VideoReader reader, VideoCache cache, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        var (comment, denied) = await FindAsync(db, reader, id, me, ct);
        if (comment is null)
        {
            return denied!;
        }

        var uploader = await db.Videos.Where(v => v.Id == comment.VideoId).Select(v => v.OwnerId).SingleAsync(ct);
        if (comment.AuthorId != me && uploader != me)
        {
            return Problems.Forbidden("Only its author or the video's uploader may delete a comment.");
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // Lock the thread: its reply count decides between placeholder and removal.
            var thread = comment.ParentId ?? comment.Id;
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM comments WHERE id = {thread} FOR UPDATE", ct);
            await db.Entry(comment).ReloadAsync(ct);
            if (comment.ParentId is null && comment.ReplyCount > 0)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE comments SET deleted = true, text = '' WHERE id = {comment.Id}", ct);
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"DELETE FROM comments WHERE id = {comment.Id}", ct);
            }

            if (comment.ParentId is { } parent)
            {
                await db.Database.ExecuteSqlAsync($"UPDATE comments SET reply_count = reply_count - 1 WHERE id = {parent}", ct);
                await db.Database.ExecuteSqlAsync($"DELETE FROM comments WHERE id = {parent} AND deleted AND reply_count = 0", ct);
            }

            await db.Database.ExecuteSqlAsync($"UPDATE videos SET comment_count = comment_count - 1 WHERE id = {comment.VideoId}", ct);
            await transaction.CommitAsync(ct);
        }

        await cache.InvalidateCommentsAsync(comment.VideoId, ct);
        return TypedResults.NoContent();
    }

    /// <summary>A comment not deleted, on a video the caller can see; 404 otherwise.</summary>
    private static async Task<(Comment? Comment, ProblemHttpResult? Denied)> FindAsync(VenvidDbContext db, VideoReader reader, string id, Guid me, CancellationToken ct)
    {
        var comment = id.Length > 16 ? null : await db.Comments.SingleOrDefaultAsync(c => c.Id == id && !c.Deleted, ct);
        return comment is null || await reader.FindVisibleAsync(comment.VideoId, me, ct) is null ? (null, NotFound()) : (comment, null);
    }

    private static ValidationProblem? Validate(string? text) =>
        (text?.Trim().Length ?? 0) is 0 or > MaxTextLength
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"text must be 1–{MaxTextLength} characters."] })
            : null;

    private static async Task<Page<CommentDto>> PageAsync(
        IQueryable<Comment> comments, bool oldestFirst, Cursor? after, DateTimeOffset at, int take, string order, CancellationToken ct)
    {
        if (after is not null)
        {
            var afterId = after.Id;
            comments = oldestFirst
                ? comments.Where(c => EF.Functions.GreaterThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(at, afterId)))
                : comments.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(at, afterId)));
        }

        var ordered = oldestFirst
            ? comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            : comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var rows = await ordered.Take(take + 1).Select(c => new { c.Id, c.CreatedAt }).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var items = await LoadAsync(comments, [.. page.Select(r => r.Id)], ct);
        var next = rows.Count > take ? new Cursor(order, Cursor.FromTime(page[^1].CreatedAt), page[^1].Id).Encode() : null;
        return new Page<CommentDto>(items, next);
    }

    private static Task<List<CommentDto>> LoadAsync(VenvidDbContext db, List<string> ids, CancellationToken ct) => LoadAsync(db.Comments, ids, ct);

    private static async Task<List<CommentDto>> LoadAsync(IQueryable<Comment> comments, List<string> ids, CancellationToken ct)
    {
        var loaded = await comments.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new CommentDto(c.Id, c.VideoId, c.ParentId, new UploaderDto(c.AuthorId.ToString(), c.Author!.Username, c.Author.DisplayName),
                c.Deleted ? "" : c.Text, c.CreatedAt, c.EditedAt, c.ReplyCount, c.Deleted))
            .ToDictionaryAsync(c => c.Id, ct);
        return [.. ids.Where(loaded.ContainsKey).Select(id => loaded[id])];
    }

    private static ProblemHttpResult NotFound() => Problems.NotFound("comment");
}
