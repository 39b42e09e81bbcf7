using Venvid.ApiService.Data.Replicas;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Videos;

namespace Venvid.ApiService.Views;

public static class ViewEndpoints
{
    public static IEndpointRouteBuilder MapViewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/videos/{id}/view").WithTags("Views")
            .MapPost("/", RecordView).WithName("RecordView")
            // Counted in Redis and flushed later: there is nothing for the caller to read back at once.
            .WithoutCommitPosition();
        return app;
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> RecordView(
        string id, HttpContext http, ClaimsPrincipal user, VideoReader reader, ViewCounter views, CancellationToken ct)
    {
        var caller = user.GetUserId();
        if (await reader.FindVisibleAsync(id, caller, ct) is null)
        {
            return VideoEndpoints.NotFound();
        }

        var viewer = ViewCounter.ViewerKey(caller, AuthRateLimits.ClientAddress(http), http.Request.Headers.UserAgent.ToString());
        await views.RecordAsync(id, viewer, caller, ct);
        return TypedResults.Accepted((string?)null);
    }
}
