using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.Contracts;

namespace Venvid.ApiService.Playlists;

/// <summary>What a playlist may hold and who may see or change it (the rules of videos).</summary>
public static class PlaylistRules
{
    public const int MaxTitleLength = 150;
    public const int MaxDescriptionLength = 5000;

    public static Dictionary<string, string[]>? Validate(string? title, string? description, string? visibility, bool titleRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if ((titleRequired || title is not null) && (title?.Trim().Length ?? 0) is 0 or > MaxTitleLength)
        {
            errors["title"] = [$"title must be 1–{MaxTitleLength} characters."];
        }

        if (description?.Trim().Length > MaxDescriptionLength)
        {
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        }

        if (visibility is not null and not (Visibilities.Public or Visibilities.Unlisted or Visibilities.Private))
        {
            errors["visibility"] = ["visibility must be public, unlisted or private."];
        }

        return errors.Count > 0 ? errors : null;
    }

    /// <summary>The playlist if <paramref name="caller"/> may see it: public and unlisted to anyone, private to its owner.</summary>
    public static Task<Playlist?> FindVisibleAsync(VenvidDbContext db, string id, Guid? caller, CancellationToken ct) =>
        id.Length > 16
            ? Task.FromResult<Playlist?>(null)
            : db.Playlists.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && (p.OwnerId == caller || p.Visibility != Visibilities.Private), ct);

    /// <summary>The playlist for its owner to change; 404 to whoever could not see it, 403 to whoever can but does not own it.</summary>
    public static async Task<(Playlist? Playlist, ProblemHttpResult? Denied)> FindOwnedAsync(VenvidDbContext db, string id, Guid? caller, CancellationToken ct)
    {
        var playlist = id.Length > 16 ? null : await db.Playlists.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (playlist is null || (playlist.OwnerId != caller && playlist.Visibility == Visibilities.Private))
        {
            return (null, PlaylistEndpoints.NotFound());
        }

        return playlist.OwnerId == caller
            ? (playlist, null)
            : (null, Problems.Forbidden("Only the playlist's owner may change it."));
    }
}
