using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Channels;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Playlists;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Search;

/// <summary>
/// Channel and playlist search and the header box's suggestions. Video search is the catalogue's own listing
/// (<c>GET /api/videos?q=</c>). Each query is one statement over GIN indexes made for it (see the migration).
/// </summary>
public static class SearchEndpoints
{
    public const int MaxSuggestions = 10;
    private const int MaxChannelSuggestions = 3;
    private const string ChannelOrder = "channel-search";
    private const string PlaylistOrder = "playlist-search";

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels", SearchChannels).WithTags("Search").WithName("SearchChannels")
            .WithSummary("Search channels")
            .WithDescription("Channels whose username or display name matches q (prefixes and small typos forgiven), best match first.");
        app.MapGet("/api/playlists", SearchPlaylists).WithTags("Search").WithName("SearchPlaylists")
            .WithSummary("Search playlists")
            .WithDescription("Public playlists with at least one video whose title or description matches q (prefixes and small typos forgiven), best match first.");
        // Suggestions change when the catalogue's lists do.
        app.MapGet("/api/search/suggestions", Suggestions).WithTags("Search").WithName("SearchSuggestions")
            .WithSummary("Search suggestions")
            .WithDescription("Up to 10 completions of what is typed so far: video titles and channel names, for a search box.")
            .CacheWhenAnonymous(_ => [CacheTags.VideoLists]);
        return app;
    }

    public static async Task<Results<Ok<Page<ChannelDto>>, ValidationProblem>> SearchChannels(
        string? q, string? cursor, int? limit, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, CancellationToken ct)
    {
        if (Read(q, cursor, limit, ChannelOrder, out var invalid) is not var (query, take, after, key))
        {
            return invalid!;
        }

        var afterId = after is null ? Guid.Empty : Guid.TryParse(after.Id, out var parsed) ? parsed : Guid.Empty;
        // Ties (one matching word each) go to the channel more people follow.
        var hits = await db.Database.SqlQuery<Hit<Guid>>($"""
            SELECT id, rank, followers AS tie, to_timestamp(0) AS at
            FROM (
                SELECT u.id, u.subscriber_count AS followers,
                       venvid_text_rank(to_tsvector('venvid_search', venvid_channel_name(u.username, u.display_name)),
                                        venvid_channel_name(u.username, u.display_name), {query}) AS rank
                FROM users u
                WHERE venvid_text_matches(to_tsvector('venvid_search', venvid_channel_name(u.username, u.display_name)),
                                          venvid_channel_name(u.username, u.display_name), {query})
            ) matched
            WHERE {after == null} OR (rank, followers, id) < ({key.Rank}, {key.Tie}, {afterId})
            ORDER BY rank DESC, followers DESC, id DESC
            LIMIT {take + 1}
            """).ToListAsync(ct);

        var page = hits.Take(take).ToList();
        var users = await db.Users.AsNoTracking().Where(u => page.Select(h => h.Id).Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var channels = await ChannelDirectory.PresentAsync(db, [.. page.Where(h => users.ContainsKey(h.Id)).Select(h => users[h.Id])], user.GetUserId(), ct);
        return TypedResults.Ok(new Page<ChannelDto>(channels, Next(hits, take, ChannelOrder, h => h.Id.ToString())));
    }

    public static async Task<Results<Ok<Page<PlaylistDto>>, ValidationProblem>> SearchPlaylists(
        string? q, string? cursor, int? limit, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, PlaylistPresenter presenter, CancellationToken ct)
    {
        if (Read(q, cursor, limit, PlaylistOrder, out var invalid) is not var (query, take, after, key))
        {
            return invalid!;
        }

        // Public playlists with something in them; ties go to the bigger one, then the one updated last.
        var hits = await db.Database.SqlQuery<Hit<string>>($"""
            SELECT id, rank, video_count::bigint AS tie, updated_at AS at
            FROM (
                SELECT p.id, p.video_count, p.updated_at,
                       venvid_text_rank(venvid_playlist_document(p.title, p.description), p.title, {query}) AS rank
                FROM playlists p
                WHERE p.kind = 'playlist' AND p.visibility = 'public' AND p.video_count > 0
                  AND venvid_text_matches(venvid_playlist_document(p.title, p.description), p.title, {query})
            ) matched
            WHERE {after == null} OR (rank, video_count::bigint, updated_at, id) < ({key.Rank}, {key.Tie}, {key.At}, {after?.Id ?? ""})
            ORDER BY rank DESC, video_count DESC, updated_at DESC, id DESC
            LIMIT {take + 1}
            """).ToListAsync(ct);

        var page = hits.Take(take).ToList();
        return TypedResults.Ok(new Page<PlaylistDto>(await presenter.ManyAsync([.. page.Select(h => h.Id)], ct), Next(hits, take, PlaylistOrder, h => h.Id)));
    }

    /// <summary>Completions for what has been typed so far: up to 3 channels, then video titles, the most followed and viewed first.</summary>
    public static async Task<Results<Ok<SuggestionList>, ValidationProblem>> Suggestions(
        string? q, int? limit, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = SearchFunctions.ReadQuery(q, required: true, errors);
        var take = limit ?? MaxSuggestions;
        if (take is < 1 or > MaxSuggestions)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxSuggestions}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var channels = await db.Database.SqlQuery<ChannelSuggestion>($"""
            SELECT u.username AS username, coalesce(nullif(u.display_name, ''), u.username) AS text
            FROM users u
            WHERE to_tsvector('venvid_search', venvid_channel_name(u.username, u.display_name)) @@ venvid_search_query({query})
            ORDER BY u.subscriber_count DESC, u.username
            LIMIT {Math.Min(take, MaxChannelSuggestions)}
            """).ToListAsync(ct);

        // Titles only (weight A), one suggestion per distinct title.
        var videos = await db.Database.SqlQuery<VideoSuggestion>($"""
            SELECT id AS video_id, title AS text
            FROM (
                SELECT DISTINCT ON (venvid_fold(v.title)) v.id, v.title, v.view_count
                FROM videos v
                WHERE v.status = 'ready' AND v.visibility = 'public' AND v.deleted_at IS NULL AND v.published_at IS NOT NULL
                  AND v.search_vector @@ venvid_title_query({query})
                ORDER BY venvid_fold(v.title), v.view_count DESC, v.id
            ) titles
            ORDER BY view_count DESC, id
            LIMIT {take - channels.Count}
            """).ToListAsync(ct);

        return TypedResults.Ok(new SuggestionList([
            .. channels.Select(c => new Suggestion(SuggestionKinds.Channel, c.Text, VideoId: null, c.Username)),
            .. videos.Select(v => new Suggestion(SuggestionKinds.Video, v.Text, v.VideoId, Username: null)),
        ]));
    }

    private static (string Query, int Take, Cursor? After, RankedKey Key)? Read(
        string? q, string? cursor, int? limit, string order, out ValidationProblem? invalid)
    {
        var errors = new Dictionary<string, string[]>();
        var query = SearchFunctions.ReadQuery(q, required: true, errors);
        var take = limit ?? VideoEndpoints.DefaultLimit;
        RankedKey? key = null;
        var cursorOk = Cursor.TryDecode(cursor, order, out var after) && (after is null || (key = RankedKey.TryParse(after.Key)) is not null);
        Paging.AddErrors(errors, take is >= 1 and <= VideoEndpoints.MaxLimit, cursorOk);
        invalid = errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
        // Without a cursor the key is unused (the query's first condition is "no cursor").
        return invalid is null ? (query!, take, after, key ?? new RankedKey(0, 0, DateTimeOffset.MinValue)) : null;
    }

    private static string? Next<TId>(List<Hit<TId>> hits, int take, string order, Func<Hit<TId>, string> id)
    {
        if (hits.Count <= take)
        {
            return null;
        }

        var last = hits[take - 1];
        return new Cursor(order, new RankedKey(last.Rank, last.Tie, last.At).ToString(), id(last)).Encode();
    }

    /// <summary>A matched row's place in the results: relevance, then a tie-breaking count and time, then the id (columns in snake case, as the model names them).</summary>
    private sealed record Hit<TId>(TId Id, float Rank, long Tie, DateTimeOffset At);

    private sealed record ChannelSuggestion(string Username, string Text);

    private sealed record VideoSuggestion(string VideoId, string Text);
}
