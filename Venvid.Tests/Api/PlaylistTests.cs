using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Playlists and Watch later: visibility like videos, dense 1-based positions, owner-only changes.</summary>
[Collection(VenvidCollection.Name)]
public sealed class PlaylistTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Every_user_has_one_watch_later_that_comes_first_and_cannot_be_deleted_renamed_or_published()
    {
        var user = await fixture.SignUpAsync();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.Api.GetWatchLaterAsync(user.AccessToken)));
        var watchLater = Assert.Single(concurrent.Select(r => r.Content!.Id).Distinct());
        Assert.All(concurrent, r => Assert.Equal(PlaylistKinds.WatchLater, r.Content!.Kind));
        Assert.Equal(Visibilities.Private, concurrent[0].Content!.Visibility);

        var mine = (await user.Api.CreatePlaylistAsync(user.AccessToken, new CreatePlaylistRequest("Road trip", null, null))).Content!;
        Assert.Equal(PlaylistKinds.Playlist, mine.Kind);
        Assert.Equal(Visibilities.Private, mine.Visibility);
        var list = (await user.Api.GetMyPlaylistsAsync(user.AccessToken)).Content!;
        Assert.Equal([watchLater, mine.Id], list.Items.Select(p => p.Id));

        Assert.Equal(HttpStatusCode.Conflict, (await user.Api.DeletePlaylistAsync(watchLater, user.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await user.Api.UpdatePlaylistAsync(watchLater, user.AccessToken, new UpdatePlaylistRequest("Later", null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await user.Api.UpdatePlaylistAsync(watchLater, user.AccessToken, new UpdatePlaylistRequest(null, null, Visibilities.Public))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Api.UpdatePlaylistAsync(watchLater, user.AccessToken, new UpdatePlaylistRequest(null, "Saved for the weekend", null))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Api.DeletePlaylistAsync(mine.Id, user.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Api.GetPlaylistAsync(mine.Id, user.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Positions_stay_dense_through_adds_at_a_position_moves_and_removals()
    {
        var owner = await fixture.SignUpAsync();
        var playlist = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Ordered", null, Visibilities.Public))).Content!;
        var videos = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            videos.Add(await fixture.SeedVideoAsync(owner.User.Id));
        }

        var added = new List<PlaylistItemDto>();
        foreach (var video in videos.Take(4))
        {
            var response = await owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(video, null));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            added.Add(response.Content!);
        }

        Assert.Equal([1, 2, 3, 4], added.Select(i => i.Position));
        // Where the video is saved: this playlist, with its item.
        var saved = (await owner.Api.GetSavedInAsync(videos[2], owner.AccessToken)).Content!;
        Assert.Equal([new SavedItemDto(playlist.Id, added[2].ItemId)], saved.Items);

        // Adding one that is already there changes nothing and answers with the existing item.
        var again = await owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(videos[2], 1));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((added[2].ItemId, 3), (again.Content!.ItemId, again.Content.Position));

        // Inserted at 2: the rest move down.
        Assert.Equal(2, (await owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(videos[4], 2))).Content!.Position);
        Assert.Equal([videos[0], videos[4], videos[1], videos[2], videos[3]], await OrderAsync(owner, playlist.Id));

        // Moved from 5 to 1, then from 2 to 4.
        Assert.Equal(1, (await owner.Api.MovePlaylistItemAsync(playlist.Id, added[3].ItemId, owner.AccessToken, new MovePlaylistItemRequest(1))).Content!.Position);
        Assert.Equal([videos[3], videos[0], videos[4], videos[1], videos[2]], await OrderAsync(owner, playlist.Id));
        await owner.Api.MovePlaylistItemAsync(playlist.Id, added[0].ItemId, owner.AccessToken, new MovePlaylistItemRequest(4));
        Assert.Equal([videos[3], videos[4], videos[1], videos[0], videos[2]], await OrderAsync(owner, playlist.Id));

        // Removed from the middle: positions close ranks.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Api.RemovePlaylistItemAsync(playlist.Id, added[1].ItemId, owner.AccessToken)).StatusCode);
        var items = await ItemsAsync(owner, playlist.Id);
        Assert.Equal([videos[3], videos[4], videos[0], videos[2]], items.Select(i => i.Video.Id));
        Assert.Equal([1, 2, 3, 4], items.Select(i => i.Position));
        Assert.Equal(4, (await owner.Api.GetPlaylistAsync(playlist.Id)).Content!.VideoCount);

        // Positions out of range are refused; an unknown item is 404.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Api.MovePlaylistItemAsync(playlist.Id, added[0].ItemId, owner.AccessToken, new MovePlaylistItemRequest(5))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(videos[1], 0))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Api.RemovePlaylistItemAsync(playlist.Id, 987654321, owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_adds_get_distinct_dense_positions_and_an_exact_count()
    {
        var owner = await fixture.SignUpAsync();
        var playlist = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Busy", null, null))).Content!;
        var videos = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => fixture.SeedVideoAsync(owner.User.Id)));

        var responses = await Task.WhenAll(videos.Concat(videos.Take(4)).Select(v =>
            owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(v, null))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new HttpStatusCode?[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var items = await ItemsAsync(owner, playlist.Id);
        Assert.Equal(Enumerable.Range(1, 12), items.Select(i => i.Position));
        Assert.Equal(videos.Order(), items.Select(i => i.Video.Id).Order());
        Assert.Equal(12, (await owner.Api.GetPlaylistAsync(playlist.Id, owner.AccessToken)).Content!.VideoCount);
    }

    [Fact]
    public async Task Others_see_public_and_unlisted_playlists_but_never_private_ones_and_change_none()
    {
        var owner = await fixture.SignUpAsync();
        var other = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(owner.User.Id);
        var hidden = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Secret", null, Visibilities.Private))).Content!;
        var shared = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Shared", "For friends", Visibilities.Unlisted))).Content!;
        var open = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Open", null, Visibilities.Public))).Content!;

        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.GetPlaylistAsync(hidden.Id, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.GetPlaylistItemsAsync(hidden.Id, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.AddPlaylistItemAsync(hidden.Id, other.AccessToken, new AddPlaylistItemRequest(video, null))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.Api.GetPlaylistAsync(shared.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.UpdatePlaylistAsync(shared.Id, other.AccessToken, new UpdatePlaylistRequest("Mine now", null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.DeletePlaylistAsync(open.Id, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.AddPlaylistItemAsync(open.Id, other.AccessToken, new AddPlaylistItemRequest(video, null))).StatusCode);

        // The channel lists only its public playlists.
        var channelPlaylists = (await other.Api.GetChannelPlaylistsAsync(owner.User.Username)).Content!;
        Assert.Equal([open.Id], channelPlaylists.Items.Select(p => p.Id));

        // Bad input is a validation problem.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("  ", null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest(new string('x', 151), null, null))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Fine", null, "friends-only"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.Api.CreatePlaylistAsync("not-a-token", new CreatePlaylistRequest("Fine", null, null))).StatusCode);
    }

    [Fact]
    public async Task Items_the_caller_may_not_see_are_left_out_and_a_deleted_video_leaves_every_playlist()
    {
        var owner = await fixture.SignUpAsync();
        var creator = await fixture.SignUpAsync();
        var first = await fixture.SeedVideoAsync(owner.User.Id);
        var borrowed = await fixture.SeedVideoAsync(creator.User.Id);
        var last = await fixture.SeedVideoAsync(owner.User.Id);
        var playlist = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Mixed", null, Visibilities.Public))).Content!;
        var watchLater = (await owner.Api.GetWatchLaterAsync(owner.AccessToken)).Content!;
        foreach (var video in new[] { first, borrowed, last })
        {
            await owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(video, null));
        }

        await owner.Api.AddPlaylistItemAsync(watchLater.Id, owner.AccessToken, new AddPlaylistItemRequest(borrowed, null));
        // A private video of someone else cannot be added at all.
        var secret = await fixture.SeedVideoAsync(creator.User.Id, visibility: Visibilities.Private);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Api.AddPlaylistItemAsync(playlist.Id, owner.AccessToken, new AddPlaylistItemRequest(secret, null))).StatusCode);

        // Its creator makes the borrowed video private: the playlist no longer shows it to anyone else.
        await creator.Api.UpdateVideoAsync(borrowed, creator.AccessToken, new UpdateVideoRequest(null, null, Visibilities.Private));
        Assert.Equal([first, last], (await ItemsAsync(owner, playlist.Id)).Select(i => i.Video.Id));
        Assert.Equal([borrowed], (await ItemsAsync(creator, playlist.Id)).Select(i => i.Video.Id).Where(v => v == borrowed));

        // Deleted: it leaves both playlists, positions close ranks, counts drop.
        Assert.Equal(HttpStatusCode.NoContent, (await creator.Api.DeleteVideoAsync(borrowed, creator.AccessToken)).StatusCode);
        var items = await ItemsAsync(owner, playlist.Id);
        Assert.Equal([(first, 1), (last, 2)], items.Select(i => (i.Video.Id, i.Position)));
        Assert.Equal(2, (await owner.Api.GetPlaylistAsync(playlist.Id)).Content!.VideoCount);
        Assert.Equal(0, (await owner.Api.GetWatchLaterAsync(owner.AccessToken)).Content!.VideoCount);
    }

    [Fact]
    public async Task A_playlist_holds_at_most_5000_videos_and_a_user_at_most_500_playlists()
    {
        var owner = await fixture.SignUpAsync();
        var full = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Full", null, null))).Content!;
        var video = await fixture.SeedVideoAsync(owner.User.Id);
        // Filled straight in the database: 5,000 private videos of the owner (kept out of public lists), positions 1..5000.
        await fixture.ScalarAsync<int>("""
            WITH seeded AS (
              INSERT INTO videos (id, owner_id, title, description, visibility, status, progress, view_count, like_count, comment_count,
                                  trending_score, created_at, updated_at, published_at)
              SELECT 'pl' || substr(md5(@playlist || n), 1, 10), @owner, 'Filler ' || n, '', 'private', 'ready', 100, 0, 0, 0, 0, now(), now(), now()
              FROM generate_series(1, 5000) AS n RETURNING id),
            items AS (
              INSERT INTO playlist_items (playlist_id, video_id, position, added_at)
              SELECT @playlist, id, row_number() OVER (ORDER BY id), now() FROM seeded RETURNING 1)
            UPDATE playlists SET video_count = (SELECT count(*) FROM items) WHERE id = @playlist RETURNING video_count
            """, ("playlist", full.Id), ("owner", Guid.Parse(owner.User.Id)));
        Assert.Equal(5000, (await owner.Api.GetPlaylistAsync(full.Id, owner.AccessToken)).Content!.VideoCount);

        var refused = await owner.Api.AddPlaylistItemAsync(full.Id, owner.AccessToken, new AddPlaylistItemRequest(video, null));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        await fixture.ScalarAsync<int>("""
            WITH made AS (
              INSERT INTO playlists (id, owner_id, title, description, visibility, kind, video_count, created_at, updated_at)
              SELECT 'pm' || substr(md5(@owner::text || n), 1, 10), @owner, 'Made ' || n, '', 'private', 'playlist', 0, now(), now()
              FROM generate_series(1, 499) AS n RETURNING 1)
            SELECT count(*)::int FROM made
            """, ("owner", Guid.Parse(owner.User.Id)));
        Assert.Equal(HttpStatusCode.Conflict, (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("One too many", null, null))).StatusCode);
    }

    private static async Task<List<string>> OrderAsync(SignedIn user, string playlistId) =>
        [.. (await ItemsAsync(user, playlistId)).Select(i => i.Video.Id)];

    /// <summary>Every item, following cursors two at a time.</summary>
    private static async Task<List<PlaylistItemDto>> ItemsAsync(SignedIn user, string playlistId)
    {
        var items = new List<PlaylistItemDto>();
        string? cursor = null;
        do
        {
            var page = await user.Api.GetPlaylistItemsAsync(playlistId, user.AccessToken, cursor, limit: 2);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            items.AddRange(page.Content!.Items);
            cursor = page.Content.NextCursor;
        }
        while (cursor is not null);

        return items;
    }
}
