using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Subscriptions;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Discovery;

/// <summary>
/// Recommendations and related videos. A signed-in viewer's ranking is computed once per browsing session (the first
/// page) and kept for <see cref="SnapshotLifetime"/>: later pages read that snapshot, so following cursors never
/// repeats a video however the viewer's follows, likes and history change meanwhile. Anonymous visitors get trending.
/// </summary>
public static class DiscoveryEndpoints
{
    public const int MaxRanked = 1000;
    public const int MaxRelated = 20;
    public const string RecommendedOrder = "recommended";
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/videos/recommended", Recommended).WithTags("Discovery").WithName("RecommendedVideos")
            .WithSummary("Recommended for you")
            .WithDescription("Videos you have not watched, ranked by the channels you follow, like and watch, and by recency; for anonymous callers, what is trending. Pages of one browsing session stay consistent.");
        app.MapGet("/api/videos/{id}/related", Related).WithTags("Discovery").WithName("RelatedVideos")
            .WithSummary("Videos like this one")
            .WithDescription("Public videos near this one: the same channel, shared title and description terms, and what its viewers also watched.");
        return app;
    }

    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> Recommended(
        string? cursor, int? limit, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db,
        VideoCache cache, VideoReader reader, VideoMapper mapper, TimeProvider time, CancellationToken ct)
    {
        if (user.GetUserId() is not { } me)
        {
            return await VideoEndpoints.ListVideos(VideoSorts.Trending, q: null, uploader: null, cursor, limit, publishedAfter: null, duration: null, user, db, cache, reader, mapper, ct);
        }

        var take = limit ?? VideoEndpoints.DefaultLimit;
        var offset = 0L;
        var cursorOk = Cursor.TryDecode(cursor, RecommendedOrder, out var after) && (after is null || after.TryLong(out offset));
        if (Paging.Invalid(take is >= 1 and <= VideoEndpoints.MaxLimit, cursorOk) is { } invalid)
        {
            return invalid;
        }

        // The snapshot belongs to the viewer who started it: another viewer's token finds nothing.
        var token = after?.Id ?? Guid.NewGuid().ToString("N");
        var ranked = after is null
            ? await RankAsync(db, me, time.GetUtcNow(), ct)
            : await cache.GetRankingAsync(me, token, ct);
        if (ranked is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["The cursor has expired; start from the first page."] });
        }

        if (after is null)
        {
            await cache.SetRankingAsync(me, token, ranked, SnapshotLifetime, ct);
        }

        var ids = ranked.Skip((int)Math.Min(offset, int.MaxValue)).Take(take).ToList();
        var items = await Keyset.LoadInOrderAsync(db, mapper, ids, ct);
        var end = offset + ids.Count;
        var next = end < ranked.Length ? new Cursor(RecommendedOrder, end.ToString(CultureInfo.InvariantCulture), token).Encode() : null;
        return TypedResults.Ok(new Page<VideoDto>(await reader.PresentAsync(items, me, ct), next));
    }

    /// <summary>
    /// What the viewer has not watched and did not upload, ranked by the channels they follow (4), the channels whose
    /// videos they liked (2 each, up to 3) or watched (1 each, up to 3), and recency (up to 1, halving over a week).
    /// </summary>
    private static async Task<string[]> RankAsync(VenvidDbContext db, Guid me, DateTimeOffset now, CancellationToken ct)
    {
        var ranked = await db.Database.SqlQuery<string>($"""
            WITH liked AS (
              SELECT v.owner_id, count(*) AS n FROM likes l JOIN videos v ON v.id = l.video_id WHERE l.user_id = {me} GROUP BY v.owner_id),
            watched AS (
              SELECT v.owner_id, count(*) AS n FROM view_history h JOIN videos v ON v.id = h.video_id WHERE h.user_id = {me} GROUP BY v.owner_id)
            SELECT v.id AS "Value"
            FROM videos v
              LEFT JOIN liked l ON l.owner_id = v.owner_id
              LEFT JOIN watched w ON w.owner_id = v.owner_id
              LEFT JOIN subscriptions s ON s.subscriber_id = {me} AND s.channel_id = v.owner_id
            WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
              AND v.owner_id <> {me}
              AND NOT EXISTS (SELECT 1 FROM view_history h WHERE h.user_id = {me} AND h.video_id = v.id)
            ORDER BY (CASE WHEN s.channel_id IS NULL THEN 0 ELSE 4 END)
                     + 2 * LEAST(coalesce(l.n, 0), 3) + LEAST(coalesce(w.n, 0), 3)
                     + 1.0 / (1 + greatest(extract(epoch FROM ({now} - v.published_at)), 0) / 604800.0) DESC,
                     v.trending_score DESC, v.id DESC
            LIMIT {MaxRanked}
            """).ToListAsync(ct);
        return [.. ranked];
    }

    /// <summary>
    /// Up to <see cref="MaxRelated"/> public videos near this one: the same channel (3), shared title and description
    /// terms (full-text rank × 5), and what this video's recent viewers also watched (co-views, log-scaled × 2).
    /// </summary>
    public static async Task<Results<Ok<RelatedVideosDto>, ValidationProblem, ProblemHttpResult>> Related(
        string id, int? limit, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db,
        VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var take = limit ?? 10;
        if (take is < 1 or > MaxRelated)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxRelated}."] });
        }

        var caller = user.GetUserId();
        if (await reader.FindVisibleAsync(id, caller, ct) is null)
        {
            return Problems.NotFound("video");
        }

        var ids = await db.Database.SqlQuery<string>($"""
            WITH source AS (
              SELECT id, owner_id,
                     to_tsquery('venvid_search', coalesce(nullif(replace(plainto_tsquery('venvid_search', title)::text, ' & ', ' | '), ''), 'venvid_nothing')) AS terms
              FROM videos WHERE id = {id}),
            viewers AS (
              SELECT user_id FROM view_history WHERE video_id = {id} ORDER BY last_viewed_at DESC LIMIT 200),
            coviews AS (
              SELECT h.video_id, count(*) AS n FROM view_history h JOIN viewers ON viewers.user_id = h.user_id
              WHERE h.video_id <> {id} GROUP BY h.video_id)
            SELECT v.id AS "Value"
            FROM videos v CROSS JOIN source
              LEFT JOIN coviews c ON c.video_id = v.id
            WHERE v.id <> source.id AND v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
              AND (v.owner_id = source.owner_id OR v.search_vector @@ source.terms OR c.n IS NOT NULL)
            ORDER BY (CASE WHEN v.owner_id = source.owner_id THEN 3 ELSE 0 END)
                     + 5 * ts_rank(v.search_vector, source.terms) + 2 * ln(1 + coalesce(c.n, 0)) DESC,
                     v.published_at DESC, v.id DESC
            LIMIT {take}
            """).ToListAsync(ct);
        var items = await Keyset.LoadInOrderAsync(db, mapper, [.. ids], ct);
        return TypedResults.Ok(new RelatedVideosDto(await reader.PresentAsync(items, caller, ct)));
    }
}
