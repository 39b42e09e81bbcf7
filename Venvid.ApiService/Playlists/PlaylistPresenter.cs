using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Playlists;

/// <summary>Playlists as clients see them: the owner's names and, as thumbnails, those of the first video anyone may see.</summary>
public sealed class PlaylistPresenter(VenvidDbContext db, VideoMapper mapper)
{
    public async Task<PlaylistDto> OneAsync(string id, CancellationToken ct) => (await ManyAsync([id], ct)).Single();

    /// <summary>The playlists of <paramref name="ids"/>, in that order.</summary>
    public async Task<List<PlaylistDto>> ManyAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var rows = await db.Playlists.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                Playlist = p,
                p.Owner!.Username,
                p.Owner.DisplayName,
                Thumbnail = db.PlaylistItems
                    .Where(i => i.PlaylistId == p.Id && i.Video!.DeletedAt == null && i.Video.Status == VideoStatuses.Ready && i.Video.Visibility != Visibilities.Private)
                    .OrderBy(i => i.Position)
                    .Select(i => new { i.Video!.ThumbnailKey, i.Video.Posters })
                    .FirstOrDefault(),
            })
            .ToDictionaryAsync(r => r.Playlist.Id, ct);
        return [.. ids.Where(rows.ContainsKey).Select(id =>
        {
            var row = rows[id];
            var p = row.Playlist;
            return new PlaylistDto(p.Id, p.Title, p.Description, p.Visibility, p.Kind, p.VideoCount,
                mapper.MediaUrl(row.Thumbnail?.ThumbnailKey), mapper.Thumbnails(row.Thumbnail?.Posters ?? []),
                new UploaderDto(p.OwnerId.ToString(), row.Username, row.DisplayName), p.CreatedAt, p.UpdatedAt);
        })];
    }
}
