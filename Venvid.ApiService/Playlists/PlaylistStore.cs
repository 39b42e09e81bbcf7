using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.Contracts;

namespace Venvid.ApiService.Playlists;

/// <summary>
/// Item positions of a playlist stay dense (1..n): every change to a playlist's items runs in a transaction that
/// first locks the playlist row, then shifts the neighbours in one statement (the unique position constraint is
/// checked at commit). <c>playlists.video_count</c> moves in the same transaction.
/// </summary>
public sealed class PlaylistStore(VenvidDbContext db, TimeProvider time)
{
    public const int MaxPlaylistsPerUser = 500;
    public const int MaxItemsPerPlaylist = 5000;

    /// <summary>The caller's Watch later, created the first time anyone asks for it.</summary>
    public async Task<Playlist> WatchLaterAsync(Guid owner, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO playlists (id, owner_id, title, description, visibility, kind, video_count, created_at, updated_at)
            VALUES ({OpaqueId.NewPlaylistId()}, {owner}, 'Watch later', '', {Visibilities.Private}, {PlaylistKinds.WatchLater}, 0, {now}, {now})
            ON CONFLICT (owner_id) WHERE kind = 'watchLater' DO NOTHING
            """, ct);
        return await db.Playlists.AsNoTracking().Include(p => p.Owner).SingleAsync(p => p.OwnerId == owner && p.Kind == PlaylistKinds.WatchLater, ct);
    }

    /// <summary>Runs <paramref name="change"/> with the playlist row locked; <paramref name="gone"/> when it no longer exists.</summary>
    public async Task<T> LockedAsync<T>(string playlistId, Func<Playlist, Task<T>> change, Func<T> gone, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var playlist = await db.Playlists.FromSql($"SELECT * FROM playlists WHERE id = {playlistId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (playlist is null)
        {
            return gone();
        }

        // The context may already track the row from before the lock: read what the lock now protects.
        await db.Entry(playlist).ReloadAsync(ct);
        var result = await change(playlist);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Inserts <paramref name="videoId"/> at <paramref name="position"/> (1..count+1), the items from there on moving down one.</summary>
    public async Task<PlaylistItem> InsertAsync(Playlist playlist, string videoId, int position, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync(
            $"UPDATE playlist_items SET position = position + 1 WHERE playlist_id = {playlist.Id} AND position >= {position}", ct);
        var item = new PlaylistItem { PlaylistId = playlist.Id, VideoId = videoId, Position = position, AddedAt = time.GetUtcNow() };
        db.PlaylistItems.Add(item);
        playlist.VideoCount++;
        playlist.UpdatedAt = item.AddedAt;
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>Moves an item to <paramref name="position"/> (1..count); the items between close ranks.</summary>
    public async Task MoveAsync(Playlist playlist, PlaylistItem item, int position, CancellationToken ct)
    {
        if (position < item.Position)
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE playlist_items SET position = position + 1
                WHERE playlist_id = {playlist.Id} AND position >= {position} AND position < {item.Position}
                """, ct);
        }
        else if (position > item.Position)
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE playlist_items SET position = position - 1
                WHERE playlist_id = {playlist.Id} AND position > {item.Position} AND position <= {position}
                """, ct);
        }

        await db.Database.ExecuteSqlAsync($"UPDATE playlist_items SET position = {position} WHERE id = {item.Id}", ct);
        item.Position = position;
        playlist.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveAsync(Playlist playlist, PlaylistItem item, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"DELETE FROM playlist_items WHERE id = {item.Id}", ct);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE playlist_items SET position = position - 1 WHERE playlist_id = {playlist.Id} AND position > {item.Position}", ct);
        playlist.VideoCount--;
        playlist.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A deleted video leaves every playlist that held it; their positions close ranks and their counts drop.</summary>
    public async Task RemoveVideoEverywhereAsync(string videoId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var affected = await db.Database.SqlQuery<string>($"""
            SELECT id AS "Value" FROM playlists
            WHERE id IN (SELECT playlist_id FROM playlist_items WHERE video_id = {videoId}) ORDER BY id FOR UPDATE
            """).ToListAsync(ct);
        if (affected.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"DELETE FROM playlist_items WHERE video_id = {videoId}", ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE playlist_items AS i SET position = r.rank
            FROM (SELECT id, row_number() OVER (PARTITION BY playlist_id ORDER BY position) AS rank
                  FROM playlist_items WHERE playlist_id = ANY({affected.ToArray()})) AS r
            WHERE i.id = r.id AND i.position <> r.rank
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE playlists AS p SET video_count = (SELECT count(*) FROM playlist_items WHERE playlist_id = p.id), updated_at = {time.GetUtcNow()}
            WHERE p.id = ANY({affected.ToArray()})
            """, ct);
        await transaction.CommitAsync(ct);
    }
}
