using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Channels;

/// <summary>Channels are users as viewers see them: their profile, public videos and following.</summary>
public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannelEndpoints(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/channels/{username}").WithTags("Channels");
        channels.MapGet("/", GetChannel).WithName("GetChannel")
            .WithSummary("A channel")
            .WithDescription("A user's public channel: profile, video and subscriber counts, and whether you subscribe to it.")
            .CacheWhenAnonymous(http => [CacheTags.Channel((string)http.GetRouteValue("username")!)]);
        channels.MapGet("/videos", ChannelVideos).WithName("ChannelVideos")
            .WithSummary("A channel's videos")
            .WithDescription("The channel's public, ready videos: newest first or most viewed.");
        return app;
    }

    public static async Task<Results<Ok<ChannelDto>, ProblemHttpResult>> GetChannel(
        string username, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, CancellationToken ct)
    {
        var channel = await ChannelDirectory.FindAsync(db, username, ct);
        if (channel is null)
        {
            return NotFound();
        }

        var presented = await ChannelDirectory.PresentAsync(db, [channel], user.GetUserId(), ct);
        return TypedResults.Ok(presented[0]);
    }

    /// <summary>The channel's public, ready videos, newest (or most viewed) first: the catalogue's listing for one uploader.</summary>
    public static async Task<Results<Ok<Page<VideoDto>>, ValidationProblem, ProblemHttpResult>> ChannelVideos(
        string username, string? sort, string? cursor, int? limit, ClaimsPrincipal user,
        [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, VideoCache cache, VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        if (sort is not null and not (VideoSorts.New or VideoSorts.Popular))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sort"] = ["sort must be new or popular."] });
        }

        var channel = await ChannelDirectory.FindAsync(db, username, ct);
        if (channel is null)
        {
            return NotFound();
        }

        Results<Ok<Page<VideoDto>>, ValidationProblem> page = await VideoEndpoints.ListVideos(
            sort, q: null, uploader: channel.Id.ToString(), cursor, limit, publishedAfter: null, duration: null, user, db, cache, reader, mapper, ct);
        return page.Result switch
        {
            Ok<Page<VideoDto>> ok => ok,
            ValidationProblem invalid => invalid,
            _ => throw new InvalidOperationException("Unexpected listing result."),
        };
    }

    public static ProblemHttpResult NotFound() => Problems.NotFound("channel");
}

/// <summary>Looking channels up and presenting them, for every feature that lists channels.</summary>
public static class ChannelDirectory
{
    public static Task<User?> FindAsync(VenvidDbContext db, string username, CancellationToken ct)
    {
        var normalized = username.Trim().ToLowerInvariant();
        return normalized.Length is 0 or > 30
            ? Task.FromResult<User?>(null)
            : db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UsernameNormalized == normalized, ct);
    }

    /// <summary>Channels in the given order, with their public video counts and whether <paramref name="caller"/> follows each.</summary>
    public static async Task<List<ChannelDto>> PresentAsync(VenvidDbContext db, IReadOnlyList<User> channels, Guid? caller, CancellationToken ct)
    {
        var ids = channels.Select(c => c.Id).ToList();
        var videoCounts = await VideoReader.Listed(db.Videos)
            .Where(v => ids.Contains(v.OwnerId))
            .GroupBy(v => v.OwnerId)
            .Select(g => new { Owner = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.Owner, x => x.Count, ct);
        var followed = caller is { } me
            ? (await db.Subscriptions.Where(s => s.SubscriberId == me && ids.Contains(s.ChannelId)).Select(s => s.ChannelId).ToListAsync(ct)).ToHashSet()
            : [];
        return [.. channels.Select(c => new ChannelDto(
            c.Id.ToString(), c.Username, c.DisplayName, c.Bio, c.AvatarUrl, c.CreatedAt,
            videoCounts.GetValueOrDefault(c.Id), c.SubscriberCount, followed.Contains(c.Id)))];
    }
}
