using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;
using Venvid.ApiService.Search;
using Venvid.Contracts;

namespace Venvid.ApiService.Videos;

/// <summary>
/// Keyset pagination of the public catalogue. Every ordering ends with the id as a unique tie-breaker, so
/// "after the cursor" is exact: following cursors visits each video once, whatever is inserted meanwhile.
/// </summary>
internal static class Keyset
{
    internal sealed record KeyRow(string Id, DateTimeOffset? PublishedAt, long ViewCount, double TrendingScore, float Rank);

    public static async Task<List<KeyRow>> PageAsync(IQueryable<Video> query, string order, string? q, Cursor? after, int take, CancellationToken ct)
    {
        IQueryable<KeyRow> rows;
        switch (order)
        {
            case VideoSorts.Popular:
                if (after is not null)
                {
                    after.TryLong(out var views);
                    query = query.Where(v => EF.Functions.LessThan(ValueTuple.Create(v.ViewCount, v.Id), ValueTuple.Create(views, after.Id)));
                }

                rows = query.OrderByDescending(v => v.ViewCount).ThenByDescending(v => v.Id)
                    .Select(v => new KeyRow(v.Id, v.PublishedAt, v.ViewCount, v.TrendingScore, 0f));
                break;
            case VideoSorts.Trending:
                if (after is not null)
                {
                    after.TryDouble(out var score);
                    query = query.Where(v => EF.Functions.LessThan(ValueTuple.Create(v.TrendingScore, v.Id), ValueTuple.Create(score, after.Id)));
                }

                rows = query.OrderByDescending(v => v.TrendingScore).ThenByDescending(v => v.Id)
                    .Select(v => new KeyRow(v.Id, v.PublishedAt, v.ViewCount, v.TrendingScore, 0f));
                break;
            case VideoEndpoints.RelevanceOrder:
                // Equal relevance is common (the same words once in a title): popularity, then recency break ties.
                var search = q!;
                if (after is not null && RankedKey.TryParse(after.Key) is { } key)
                {
                    query = query.Where(v => EF.Functions.LessThan(
                        ValueTuple.Create(SearchFunctions.Rank(v.SearchVector, v.Title, search), v.ViewCount, v.PublishedAt, v.Id),
                        ValueTuple.Create(key.Rank, key.Tie, (DateTimeOffset?)key.At, after.Id)));
                }

                rows = query
                    .OrderByDescending(v => SearchFunctions.Rank(v.SearchVector, v.Title, search))
                    .ThenByDescending(v => v.ViewCount).ThenByDescending(v => v.PublishedAt).ThenByDescending(v => v.Id)
                    .Select(v => new KeyRow(v.Id, v.PublishedAt, v.ViewCount, v.TrendingScore, SearchFunctions.Rank(v.SearchVector, v.Title, search)));
                break;
            default:
                if (after is not null)
                {
                    after.TryTime(out var published);
                    query = query.Where(v => EF.Functions.LessThan(ValueTuple.Create(v.PublishedAt, v.Id), ValueTuple.Create((DateTimeOffset?)published, after.Id)));
                }

                rows = query.OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.Id)
                    .Select(v => new KeyRow(v.Id, v.PublishedAt, v.ViewCount, v.TrendingScore, 0f));
                break;
        }

        return await rows.Take(take + 1).ToListAsync(ct);
    }

    /// <summary>Loads the full videos of a key page (in key order) and the cursor after its last row.</summary>
    public static async Task<Page<VideoDto>> LoadAsync(VenvidDbContext db, VideoMapper mapper, string order, List<KeyRow> keys, int take, CancellationToken ct)
    {
        var pageKeys = keys.Take(take).ToList();
        var items = await LoadInOrderAsync(db, mapper, [.. pageKeys.Select(k => k.Id)], ct);
        return new Page<VideoDto>(items, keys.Count > take ? After(order, pageKeys[^1]).Encode() : null);
    }

    /// <summary>The videos with these ids, in this order (ids that vanished meanwhile are skipped), in one round of queries.</summary>
    public static async Task<List<VideoDto>> LoadInOrderAsync(VenvidDbContext db, VideoMapper mapper, List<string> ids, CancellationToken ct)
    {
        var videos = await db.Videos.AsNoTracking()
            .WithDetail()
            .Where(v => ids.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, ct);
        return [.. ids.Where(videos.ContainsKey).Select(id => mapper.ToDto(videos[id], likedByMe: false))];
    }

    /// <summary>A video's place in a time-ordered list (liked, watched, uploaded, a feed): the time and the video id.</summary>
    internal sealed class TimeKey
    {
        public DateTimeOffset At { get; init; }
        public required string Id { get; init; }
    }

    /// <summary>Keyset page over (time desc, id desc) of a list of videos, presented to <paramref name="caller"/>.</summary>
    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> TimePageAsync(
        IQueryable<TimeKey> keys, string order, string? cursor, int? limit, Guid caller,
        VenvidDbContext db, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        if (Paging.Read(cursor, limit, order, out var invalid) is not (var take, var after, var at))
        {
            return invalid!;
        }

        if (after is not null)
        {
            var afterId = after.Id;
            // A row-value comparison, so Postgres seeks to the cursor instead of filtering from the top.
            keys = keys.Where(k => EF.Functions.LessThan(ValueTuple.Create(k.At, k.Id), ValueTuple.Create(at, afterId)));
        }

        var rows = await keys.OrderByDescending(k => k.At).ThenByDescending(k => k.Id).Take(take + 1).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var items = await LoadInOrderAsync(db, mapper, [.. page.Select(r => r.Id)], ct);
        var next = rows.Count > take ? new Cursor(order, Cursor.FromTime(page[^1].At), page[^1].Id).Encode() : null;
        return TypedResults.Ok(new Page<VideoDto>(await reader.PresentAsync(items, caller, ct), next));
    }

    public static bool IsValid(Cursor cursor, string order) => order switch
    {
        VideoSorts.Popular => cursor.TryLong(out _),
        VideoSorts.Trending => cursor.TryDouble(out _),
        VideoEndpoints.RelevanceOrder => RankedKey.TryParse(cursor.Key) is not null,
        _ => cursor.TryTime(out _),
    };

    private static Cursor After(string order, KeyRow last) => order switch
    {
        VideoSorts.Popular => new Cursor(order, Cursor.FromLong(last.ViewCount), last.Id),
        VideoSorts.Trending => new Cursor(order, Cursor.FromDouble(last.TrendingScore), last.Id),
        VideoEndpoints.RelevanceOrder => new Cursor(order, new RankedKey(last.Rank, last.ViewCount, last.PublishedAt!.Value).ToString(), last.Id),
        _ => new Cursor(order, Cursor.FromTime(last.PublishedAt!.Value), last.Id),
    };
}

