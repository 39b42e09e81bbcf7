using Microsoft.AspNetCore.Http.HttpResults;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Videos;

namespace Venvid.ApiService.Media;

public static class MediaAccessEndpoints
{
    public static IEndpointRouteBuilder MapMediaAccess(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/videos/{id}/media-access", CheckAccess)
            .WithTags("Videos")
            .WithName("MediaAccess")
            .WithSummary("May this browser load the video's media")
            .WithDescription("Asked by the edge before it serves /media: 204 when it may — anyone for published public and unlisted videos (then cacheable), only the uploader's grant cookie otherwise; 404 for deleted, private or unknown videos.");
        return app;
    }

    /// <summary>
    /// 204 when the media may be served: to anyone for published public/unlisted videos (cacheable by the edge),
    /// or to the holder of the uploader's grant cookie. Otherwise 404 — deleted, private, or never existed.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> CheckAccess(
        string id, HttpContext http, VideoReader reader, MediaGrants grants, CancellationToken ct)
    {
        if (await reader.FindVisibleAsync(id, caller: null, ct) is not null)
        {
            http.Response.Headers.CacheControl = "public, max-age=10";
            return TypedResults.NoContent();
        }

        http.Response.Headers.CacheControl = "private, no-store";
        var holder = grants.Validate(id, http.Request.Cookies[MediaGrants.CookieName(id)]);
        return holder is { } user && await reader.FindVisibleAsync(id, user, ct) is not null
            ? TypedResults.NoContent()
            : Problems.NotFound("video");
    }
}
