using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Data;
using Venvid.ApiService.Storage;
using Venvid.Contracts.Storage;
using Venvid.Contracts;

namespace Venvid.ApiService.Videos;

public static class VideoEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/api/videos").WithTags("Videos");
        videos.MapGet("/", ListVideos).WithName("ListVideos");
        return app;
    }

    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> ListVideos(
        VenvidDbContext db,
        IOptions<StorageOptions> storage,
        int? limit,
        CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be between 1 and {MaxLimit}."],
            });
        }

        var rows = await db.Videos.AsNoTracking()
            .Where(v => v.Status == VideoStatuses.Ready && v.Visibility == Visibilities.Public && v.DeletedAt == null)
            .OrderByDescending(v => v.PublishedAt).ThenByDescending(v => v.Id)
            .Take(take)
            .Include(v => v.Owner)
            .Include(v => v.Renditions)
            .ToListAsync(ct);

        var items = rows.Select(v => v.ToDto(storage.Value.MediaBaseUrl, likedByMe: false)).ToList();
        return TypedResults.Ok(new Page<VideoDto>(items, null));
    }
}
