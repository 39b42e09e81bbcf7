using Venvid.ApiService.Data.Replicas;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Views;

public static class ViewEndpoints
{
    public static IEndpointRouteBuilder MapViewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/videos/{id}/view").WithTags("Views")
            .MapPost("/", RecordView).WithName("RecordView")
            .WithSummary("Count a view")
            .WithDescription("202 once the view is queued: viewCount reflects it within a few seconds. One view per viewer (signed-in user, or address and browser) per video and window.")
            // Counted in Redis and flushed later: an anonymous viewer has nothing to read back at once. A signed-in
            // viewer's history row is written now, and the beacon then hands out its position (RecordView).
            .WithoutCommitPosition();
        return app;
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> RecordView(
        string id, HttpContext http, ClaimsPrincipal user, VideoCache cache, ViewCounter views, CancellationToken ct)
    {
        var caller = user.GetUserId();
        if (!await IsVisibleAsync(id, caller, http, cache, ct))
        {
            return VideoEndpoints.NotFound();
        }

        var viewer = ViewCounter.ViewerKey(caller, AuthRateLimits.ClientAddress(http), http.Request.Headers.UserAgent.ToString());
        await views.RecordAsync(id, viewer, caller, ct);
        if (caller is not null)
        {
            // "Recently watched" must list this video on the viewer's next read, even from a replica a moment behind.
            CommitPosition.Require(http);
        }

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>
    /// Beacons far outnumber detail reads, and every view flush evicts the snapshots of the videos it counted; so the
    /// check reads the small access entry of a ready video, which flushes leave alone, and falls back to the snapshot.
    /// </summary>
    private static async Task<bool> IsVisibleAsync(string id, Guid? caller, HttpContext http, VideoCache cache, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 16)
        {
            return false;
        }

        if (await cache.GetAccessAsync(id, ct) is { } access)
        {
            return access.Allows(caller);
        }

        // Resolved only on a miss: the reader brings database contexts a cached beacon never needs.
        var reader = http.RequestServices.GetRequiredService<VideoReader>();
        var snapshot = await reader.FindVisibleAsync(id, caller, ct);
        if (snapshot is { Video.Status: VideoStatuses.Ready })
        {
            await cache.SetAccessAsync(id, new VideoAccess(snapshot.Video.Visibility, snapshot.OwnerId), ct);
        }

        return snapshot is not null;
    }
}
