using Venvid.ApiService.Caching;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Channels;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Subscriptions;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Playlists;

/// <summary>
/// Playlists and Watch later. Visibility works as for videos: private playlists are the owner's alone (404 for
/// others); changing one is the owner's (403 for others who can see it). Item positions are 1-based and dense.
/// </summary>
public static class PlaylistEndpoints
{
    public const string MineOrder = "my-playlists";
    public const string ChannelOrder = "channel-playlists";

    public static IEndpointRouteBuilder MapPlaylistEndpoints(this IEndpointRouteBuilder app)
    {
        var playlists = app.MapGroup("/api/playlists").WithTags("Playlists");
        playlists.MapPost("/", Create).WithName("CreatePlaylist")
            .WithSummary("Create a playlist")
            .WithDescription("Creates an empty playlist (private unless you say otherwise). A user has at most 500 playlists (409).")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status409Conflict);
        playlists.MapGet("/{id}", Get).WithName("GetPlaylist")
            .WithSummary("A playlist")
            .WithDescription("A playlist and its owner. Private playlists exist only for their owner (404 for anyone else).")
            .CacheWhenAnonymous(PlaylistTags);
        playlists.MapPut("/{id}", Update).WithName("UpdatePlaylist")
            .WithSummary("Edit a playlist")
            .WithDescription("Changes title, description or visibility; fields left out keep their value. Watch later keeps its name and stays private (409). Owner only.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).EvictsOnSuccess(PlaylistTags);
        playlists.MapDelete("/{id}", Delete).WithName("DeletePlaylist")
            .WithSummary("Delete a playlist")
            .WithDescription("Deletes the playlist, not its videos. Watch later cannot be deleted (409). Owner only.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).EvictsOnSuccess(PlaylistTags);
        playlists.MapGet("/{id}/items", Items).WithName("PlaylistItems")
            .WithSummary("A playlist's videos")
            .WithDescription("The playlist's items in order, leaving out videos you may no longer see.")
            .CacheWhenAnonymous(PlaylistTags);
        playlists.MapPost("/{id}/items", AddItem).WithName("AddPlaylistItem")
            .WithSummary("Add a video to a playlist")
            .WithDescription("Appends a video you can see, or inserts it at position; 201 with the new item, or 200 with the existing one when the video is already there. At most 5,000 videos (409). Owner only.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).EvictsOnSuccess(PlaylistTags);
        playlists.MapPut("/{id}/items/{itemId:long}", MoveItem).WithName("MovePlaylistItem")
            .WithSummary("Move a video within a playlist")
            .WithDescription("Moves the item to position (1-based; the others close up). Owner only.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden).EvictsOnSuccess(PlaylistTags);
        playlists.MapDelete("/{id}/items/{itemId:long}", RemoveItem).WithName("RemovePlaylistItem")
            .WithSummary("Remove a video from a playlist")
            .WithDescription("Removes the item; the ones after it move up. Owner only.")
            .RequireAuthorization().ProducesProblem(StatusCodes.Status403Forbidden).EvictsOnSuccess(PlaylistTags);
        app.MapGet("/api/users/me/playlists", Mine).WithTags("Playlists").WithName("MyPlaylists")
            .WithSummary("Your playlists")
            .WithDescription("Your playlists: Watch later first, then the others most recently updated first.")
            .RequireAuthorization();
        app.MapGet("/api/users/me/watch-later", WatchLater).WithTags("Playlists").WithName("WatchLater")
            .WithSummary("Your Watch later")
            .WithDescription("Your Watch later playlist, created on first use.")
            .RequireAuthorization();
        app.MapGet("/api/channels/{username}/playlists", ChannelPlaylists).WithTags("Channels").WithName("ChannelPlaylists")
            .WithSummary("A channel's playlists")
            .WithDescription("The channel's public playlists, most recently updated first.");
        app.MapGet("/api/videos/{id}/saved", SavedIn).WithTags("Playlists").WithName("SavedIn")
            .WithSummary("Where you saved a video")
            .WithDescription("Which of your playlists hold this video, and as which item (for a Save menu's checkboxes).")
            .RequireAuthorization();
        return app;
    }

    private static IEnumerable<string> PlaylistTags(HttpContext http) => [CacheTags.Playlist((string)http.GetRouteValue("id")!)];

    public static async Task<Results<Created<PlaylistDto>, ValidationProblem, ProblemHttpResult>> Create(
        CreatePlaylistRequest request, ClaimsPrincipal user, VenvidDbContext db, PlaylistPresenter presenter, TimeProvider time, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (PlaylistRules.Validate(request.Title, request.Description, request.Visibility, titleRequired: true) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Playlists.CountAsync(p => p.OwnerId == me && p.Kind == PlaylistKinds.Playlist, ct) >= PlaylistStore.MaxPlaylistsPerUser)
        {
            return Problems.Conflict($"A user has at most {PlaylistStore.MaxPlaylistsPerUser} playlists.");
        }

        var now = time.GetUtcNow();
        var playlist = new Playlist
        {
            Id = OpaqueId.NewPlaylistId(),
            OwnerId = me,
            Title = request.Title!.Trim(),
            Description = request.Description?.Trim() ?? "",
            Visibility = request.Visibility ?? Visibilities.Private,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Playlists.Add(playlist);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/playlists/{playlist.Id}", await presenter.OneAsync(playlist.Id, ct));
    }

    public static async Task<Results<Ok<PlaylistDto>, ProblemHttpResult>> Get(
        string id, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, PlaylistPresenter presenter, CancellationToken ct) =>
        await PlaylistRules.FindVisibleAsync(db, id, user.GetUserId(), ct) is { } playlist
            ? TypedResults.Ok(await presenter.OneAsync(playlist.Id, ct))
            : NotFound();

    public static async Task<Results<Ok<PlaylistDto>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdatePlaylistRequest request, ClaimsPrincipal user, VenvidDbContext db, PlaylistPresenter presenter, TimeProvider time, CancellationToken ct)
    {
        var (playlist, denied) = await PlaylistRules.FindOwnedAsync(db, id, user.GetUserId(), ct);
        if (playlist is null)
        {
            return denied!;
        }

        if (PlaylistRules.Validate(request.Title, request.Description, request.Visibility, titleRequired: false) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (playlist.Kind == PlaylistKinds.WatchLater && (request.Title is not null || request.Visibility is not null))
        {
            return Problems.Conflict("Watch later keeps its name and stays private.");
        }

        playlist.Title = request.Title?.Trim() ?? playlist.Title;
        playlist.Description = request.Description?.Trim() ?? playlist.Description;
        playlist.Visibility = request.Visibility ?? playlist.Visibility;
        playlist.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await presenter.OneAsync(playlist.Id, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, ClaimsPrincipal user, VenvidDbContext db, CancellationToken ct)
    {
        var (playlist, denied) = await PlaylistRules.FindOwnedAsync(db, id, user.GetUserId(), ct);
        if (playlist is null)
        {
            return denied!;
        }

        if (playlist.Kind == PlaylistKinds.WatchLater)
        {
            return Problems.Conflict("Watch later cannot be deleted.");
        }

        db.Playlists.Remove(playlist);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The items in playlist order, leaving out videos the caller may no longer see (keyset on the position).</summary>
    public static async Task<Results<Ok<Page<PlaylistItemDto>>, ValidationProblem, ProblemHttpResult>> Items(
        string id, string? cursor, int? limit, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db,
        VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var caller = user.GetUserId();
        var take = limit ?? VideoEndpoints.DefaultLimit;
        var after = 0L;
        var cursorOk = Cursor.TryDecode(cursor, id, out var position) && (position is null || position.TryLong(out after));
        if (Paging.Invalid(take is >= 1 and <= VideoEndpoints.MaxLimit, cursorOk) is { } invalid)
        {
            return invalid;
        }

        if (await PlaylistRules.FindVisibleAsync(db, id, caller, ct) is null)
        {
            return NotFound();
        }

        var rows = await (
                from i in db.PlaylistItems
                join v in VideoReader.VisibleTo(db.Videos, caller) on i.VideoId equals v.Id
                where i.PlaylistId == id && i.Position > after
                orderby i.Position
                select new { i.Id, i.Position, i.AddedAt, i.VideoId })
            .Take(take + 1)
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var videos = (await reader.PresentAsync(await Keyset.LoadInOrderAsync(db, mapper, [.. page.Select(r => r.VideoId)], ct), caller, ct))
            .ToDictionary(v => v.Id);
        var items = page.Where(r => videos.ContainsKey(r.VideoId)).Select(r => new PlaylistItemDto(r.Id, r.Position, r.AddedAt, videos[r.VideoId])).ToList();
        var next = rows.Count > take ? new Cursor(id, Cursor.FromLong(page[^1].Position), page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Encode() : null;
        return TypedResults.Ok(new Page<PlaylistItemDto>(items, next));
    }

    /// <summary>Adds a video the caller can see (appended, or at <c>position</c>); one already there answers 200 with its item, unchanged.</summary>
    public static async Task<Results<Created<PlaylistItemDto>, Ok<PlaylistItemDto>, ValidationProblem, ProblemHttpResult>> AddItem(
        string id, AddPlaylistItemRequest request, ClaimsPrincipal user, VenvidDbContext db, PlaylistStore store, VideoReader reader, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        var (owned, denied) = await PlaylistRules.FindOwnedAsync(db, id, me, ct);
        if (owned is null)
        {
            return denied!;
        }

        if (string.IsNullOrWhiteSpace(request.VideoId) || await reader.FindVisibleAsync(request.VideoId, me, ct) is not { } video)
        {
            return Problems.NotFound("video");
        }

        return await store.LockedAsync<Results<Created<PlaylistItemDto>, Ok<PlaylistItemDto>, ValidationProblem, ProblemHttpResult>>(id, async playlist =>
        {
            if (await db.PlaylistItems.AsNoTracking().SingleOrDefaultAsync(i => i.PlaylistId == id && i.VideoId == video.Video.Id, ct) is { } existing)
            {
                return TypedResults.Ok(new PlaylistItemDto(existing.Id, existing.Position, existing.AddedAt, await reader.PresentAsync(video.Video, me, ct)));
            }

            if (playlist.VideoCount >= PlaylistStore.MaxItemsPerPlaylist)
            {
                return Problems.Conflict($"A playlist holds at most {PlaylistStore.MaxItemsPerPlaylist} videos.");
            }

            var position = request.Position ?? playlist.VideoCount + 1;
            if (position < 1 || position > playlist.VideoCount + 1)
            {
                return PositionOutOfRange(playlist.VideoCount + 1);
            }

            var item = await store.InsertAsync(playlist, video.Video.Id, position, ct);
            return TypedResults.Created($"/api/playlists/{id}/items/{item.Id}",
                new PlaylistItemDto(item.Id, item.Position, item.AddedAt, await reader.PresentAsync(video.Video, me, ct)));
        }, () => NotFound(), ct);
    }

    public static async Task<Results<Ok<PlaylistItemDto>, ValidationProblem, ProblemHttpResult>> MoveItem(
        string id, long itemId, MovePlaylistItemRequest request, ClaimsPrincipal user, VenvidDbContext db, PlaylistStore store,
        VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        var (owned, denied) = await PlaylistRules.FindOwnedAsync(db, id, me, ct);
        if (owned is null)
        {
            return denied!;
        }

        return await store.LockedAsync<Results<Ok<PlaylistItemDto>, ValidationProblem, ProblemHttpResult>>(id, async playlist =>
        {
            if (await db.PlaylistItems.SingleOrDefaultAsync(i => i.Id == itemId && i.PlaylistId == id, ct) is not { } item)
            {
                return Problems.NotFound("playlist item");
            }

            if (request.Position is not { } position || position < 1 || position > playlist.VideoCount)
            {
                return PositionOutOfRange(playlist.VideoCount);
            }

            await store.MoveAsync(playlist, item, position, ct);
            var video = (await Keyset.LoadInOrderAsync(db, mapper, [item.VideoId], ct)).Single();
            return TypedResults.Ok(new PlaylistItemDto(item.Id, item.Position, item.AddedAt, await reader.PresentAsync(video, me, ct)));
        }, () => NotFound(), ct);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveItem(
        string id, long itemId, ClaimsPrincipal user, VenvidDbContext db, PlaylistStore store, CancellationToken ct)
    {
        var (owned, denied) = await PlaylistRules.FindOwnedAsync(db, id, user.GetUserId(), ct);
        if (owned is null)
        {
            return denied!;
        }

        return await store.LockedAsync<Results<NoContent, ProblemHttpResult>>(id, async playlist =>
        {
            if (await db.PlaylistItems.SingleOrDefaultAsync(i => i.Id == itemId && i.PlaylistId == id, ct) is not { } item)
            {
                return Problems.NotFound("playlist item");
            }

            await store.RemoveAsync(playlist, item, ct);
            return TypedResults.NoContent();
        }, () => NotFound(), ct);
    }

    /// <summary>Which of the caller's playlists hold the video (one query, for the Save menu's checkboxes).</summary>
    public static async Task<Results<Ok<SavedInDto>, ProblemHttpResult>> SavedIn(
        string id, ClaimsPrincipal user, VenvidDbContext db, VideoReader reader, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (await reader.FindVisibleAsync(id, me, ct) is null)
        {
            return Problems.NotFound("video");
        }

        var items = await db.PlaylistItems
            .Where(i => i.VideoId == id && db.Playlists.Any(p => p.Id == i.PlaylistId && p.OwnerId == me))
            .Select(i => new SavedItemDto(i.PlaylistId, i.Id))
            .ToListAsync(ct);
        return TypedResults.Ok(new SavedInDto(items));
    }

    /// <summary>The caller's playlists: Watch later first (on the first page), then the others most recently updated first.</summary>
    public static async Task<Results<Ok<Page<PlaylistDto>>, ValidationProblem>> Mine(
        string? cursor, int? limit, ClaimsPrincipal user, VenvidDbContext db, PlaylistStore store, PlaylistPresenter presenter, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (Paging.Read(cursor, limit, MineOrder, out var invalid) is not (var take, var after, var at))
        {
            return invalid!;
        }

        var first = after is null ? [(await store.WatchLaterAsync(me, ct)).Id] : new List<string>();
        var page = await PageByUpdateAsync(db.Playlists.Where(p => p.OwnerId == me && p.Kind == PlaylistKinds.Playlist), after, at, take - first.Count, ct);
        var items = await presenter.ManyAsync([.. first, .. page.Ids], ct);
        return TypedResults.Ok(new Page<PlaylistDto>(items, page.Next?.WithOrder(MineOrder).Encode()));
    }

    public static async Task<Results<Ok<PlaylistDto>, ProblemHttpResult>> WatchLater(
        ClaimsPrincipal user, PlaylistStore store, PlaylistPresenter presenter, CancellationToken ct) =>
        TypedResults.Ok(await presenter.OneAsync((await store.WatchLaterAsync(user.GetUserId()!.Value, ct)).Id, ct));

    public static async Task<Results<Ok<Page<PlaylistDto>>, ValidationProblem, ProblemHttpResult>> ChannelPlaylists(
        string username, string? cursor, int? limit, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, PlaylistPresenter presenter, CancellationToken ct)
    {
        if (Paging.Read(cursor, limit, ChannelOrder, out var invalid) is not (var take, var after, var at))
        {
            return invalid!;
        }

        if (await ChannelDirectory.FindAsync(db, username, ct) is not { } channel)
        {
            return ChannelEndpoints.NotFound();
        }

        var page = await PageByUpdateAsync(
            db.Playlists.Where(p => p.OwnerId == channel.Id && p.Kind == PlaylistKinds.Playlist && p.Visibility == Visibilities.Public), after, at, take, ct);
        return TypedResults.Ok(new Page<PlaylistDto>(await presenter.ManyAsync(page.Ids, ct), page.Next?.WithOrder(ChannelOrder).Encode()));
    }

    private sealed record UpdatePage(List<string> Ids, Cursor? Next);

    private static async Task<UpdatePage> PageByUpdateAsync(IQueryable<Playlist> playlists, Cursor? after, DateTimeOffset at, int take, CancellationToken ct)
    {
        if (after is not null)
        {
            var afterId = after.Id;
            playlists = playlists.Where(p => EF.Functions.LessThan(ValueTuple.Create(p.UpdatedAt, p.Id), ValueTuple.Create(at, afterId)));
        }

        var rows = await playlists.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id)
            .Take(Math.Max(take, 0) + 1).Select(p => new { p.Id, p.UpdatedAt }).ToListAsync(ct);
        var page = rows.Take(Math.Max(take, 0)).ToList();
        // A first page filled by Watch later alone continues from the top of the others.
        var next = rows.Count <= page.Count ? null
            : page.Count == 0 ? new Cursor("", Cursor.FromTime(DateTimeOffset.MaxValue), "")
            : new Cursor("", Cursor.FromTime(page[^1].UpdatedAt), page[^1].Id);
        return new UpdatePage([.. page.Select(p => p.Id)], next);
    }

    private static Cursor WithOrder(this Cursor cursor, string order) => cursor with { Order = order };

    private static ValidationProblem PositionOutOfRange(int last) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["position"] = [$"position must be between 1 and {last}."] });

    public static ProblemHttpResult NotFound() => Problems.NotFound("playlist");
}
