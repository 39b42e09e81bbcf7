using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Videos;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Processing;

/// <summary>
/// <c>GET /api/videos/{id}/events</c>: the uploader watches processing live. A <c>Video</c> snapshot is sent at
/// once and on every change (woken in-process, with a one-second poll as the cross-replica fallback) until the
/// video is ready or failed.
/// </summary>
public static class ProcessingEvents
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(30);

    /// <summary>Well inside the gateway's 30 s activity timeout and common load-balancer idle timeouts (60 s).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapProcessingEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/videos/{id}/events", Stream)
            .WithTags("Videos")
            .WithName("VideoEvents")
                .WithSummary("Watch processing live")
                .WithDescription("A text/event-stream of the video (as JSON) on every change while it is processed, until it is ready or failed. Uploader only; EventSource cannot send headers, so the token may come as access_token in the query.")
            .RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    public static async Task<IResult> Stream(
        string id, ClaimsPrincipal principal, VenvidDbContext db, VideoChanges changes, IOptions<StorageOptions> storage, TimeProvider time, CancellationToken ct)
    {
        var userId = principal.GetUserId();
        var exists = id.Length <= 16 && await db.Videos.AnyAsync(v => v.Id == id && v.OwnerId == userId && v.DeletedAt == null, ct);
        if (!exists)
        {
            return Problems.NotFound("video");
        }

        return TypedResults.ServerSentEvents(Snapshots(id, db, changes, storage.Value.MediaBaseUrl, time, ct));
    }

    private static async IAsyncEnumerable<SseItem<VideoDto>> Snapshots(
        string id, VenvidDbContext db, VideoChanges changes, string mediaBaseUrl, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        var until = time.GetUtcNow() + MaxStream;
        var sentAt = time.GetUtcNow();
        VideoDto? last = null;
        while (time.GetUtcNow() < until && !ct.IsCancellationRequested)
        {
            var wake = changes.WaitAsync(id, Poll, ct);
            var video = await db.Videos.AsNoTracking().WithDetail()
                .SingleOrDefaultAsync(v => v.Id == id && v.DeletedAt == null, ct);
            if (video is null)
            {
                yield break;
            }

            var snapshot = video.ToDto(mediaBaseUrl, likedByMe: false);
            // A queued video may not change for minutes: repeat the state now and then, so proxies (the gateway's
            // activity timeout, load balancers' idle timeouts) see a live stream rather than a dead one.
            if (last is null || !SameState(last, snapshot) || time.GetUtcNow() - sentAt >= Heartbeat)
            {
                last = snapshot;
                sentAt = time.GetUtcNow();
                yield return new SseItem<VideoDto>(snapshot, "video") { ReconnectionInterval = TimeSpan.FromSeconds(2) };
            }

            if (video.Status is VideoStatuses.Ready or VideoStatuses.Failed)
            {
                yield break;
            }

            await wake;
        }
    }

    private static bool SameState(VideoDto a, VideoDto b) =>
        a.Status == b.Status && a.Progress == b.Progress && a.PlaybackUrl == b.PlaybackUrl && a.ThumbnailUrl == b.ThumbnailUrl
        && a.Renditions.Count == b.Renditions.Count && a.Renditions.Zip(b.Renditions).All(p => p.First == p.Second);
}
