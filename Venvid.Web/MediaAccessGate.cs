using Microsoft.Extensions.Caching.Memory;
using Venvid.Contracts;
using Yarp.ReverseProxy.Model;

namespace Venvid.Web;

/// <summary>
/// Before media is proxied from storage, the API decides whether this browser may have it: anyone for published
/// public/unlisted videos, only the uploader's grant cookie otherwise, nobody once deleted. Decisions are cached
/// for a few seconds per video (and grant), so segments cost one API call per video every few seconds, not per request.
/// Media served on a grant is marked private, so no shared cache (CloudFront in production) ever keeps it.
/// </summary>
public sealed class MediaAccessGate(IVenvidApi api, IMemoryCache cache, ILogger<MediaAccessGate> logger)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(10);

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.GetReverseProxyFeature().Route.Config.RouteId != EdgeExtensions.MediaRoute)
        {
            await next();
            return;
        }

        // /media/videos/{videoId}/...
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var videoId = segments.Length >= 4 ? segments[2] : null;
        var access = videoId is null || videoId.Length > 16
            ? MediaAccess.Denied
            : await AccessAsync(videoId, context.Request.Cookies[$"vmg_{videoId}"], context.RequestAborted);
        if (access == MediaAccess.Denied)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        context.Items[typeof(MediaAccess)] = access;
        await next();
    }

    /// <summary>What the gate decided for this request's media (public when no gate ran).</summary>
    public static MediaAccess Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(MediaAccess), out var access) && access is MediaAccess decided ? decided : MediaAccess.Public;

    private async Task<MediaAccess> AccessAsync(string videoId, string? grant, CancellationToken ct)
    {
        var key = (videoId, grant ?? "");
        if (cache.TryGetValue(key, out MediaAccess access))
        {
            return access;
        }

        try
        {
            using var response = await api.GetMediaAccessAsync(videoId, grant is null ? null : $"vmg_{videoId}={grant}", ct);
            // The API marks an answer anyone would get as public; one that rests on the grant as private.
            access = !response.IsSuccessStatusCode ? MediaAccess.Denied
                : response.Headers.CacheControl?.Public == true ? MediaAccess.Public
                : MediaAccess.Private;
            if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                cache.Set(key, access, Remember);
            }

            return access;
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException)
        {
            // Fail closed: without the API's word, private media stays private.
            logger.LogWarning(e, "Media access check for video {VideoId} failed", videoId);
            return MediaAccess.Denied;
        }
    }
}

public enum MediaAccess
{
    Denied,
    Public,
    Private,
}
