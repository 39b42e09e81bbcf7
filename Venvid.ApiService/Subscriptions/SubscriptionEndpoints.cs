using Venvid.ApiService.Caching;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Channels;
using Venvid.ApiService.Data;
using Venvid.ApiService.Data.Replicas;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Videos;
using Venvid.Contracts;

namespace Venvid.ApiService.Subscriptions;

/// <summary>
/// Following channels. A subscription is a row; <c>users.subscriber_count</c> moves in the same statement as the row
/// insert or delete, by the rows actually inserted or deleted, so it equals the number of rows under any concurrency
/// and subscribing twice (or unsubscribing twice) changes nothing.
/// </summary>
public static class SubscriptionEndpoints
{
    public const string SubscriptionsOrder = "subscriptions";
    public const string FeedOrder = "feed";

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var subscription = app.MapGroup("/api/channels/{username}/subscription").WithTags("Subscriptions").RequireAuthorization()
            .EvictsOnSuccess(http => [CacheTags.Channel((string)http.GetRouteValue("username")!)]);
        subscription.MapPost("/", Subscribe).WithName("Subscribe")
            .WithSummary("Subscribe to a channel")
            .WithDescription("Subscribes you to the channel; subscribing again changes nothing. You cannot subscribe to your own channel (409).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        subscription.MapDelete("/", Unsubscribe).WithName("Unsubscribe")
            .WithSummary("Unsubscribe from a channel")
            .WithDescription("Ends your subscription if there was one. Answers the new subscriber count.");
        app.MapGet("/api/users/me/subscriptions", MySubscriptions).WithTags("Subscriptions").WithName("MySubscriptions")
            .WithSummary("Channels you follow")
            .WithDescription("The channels you subscribe to, most recently subscribed first.")
            .RequireAuthorization();
        app.MapGet("/api/feed/subscriptions", Feed).WithTags("Subscriptions").WithName("SubscriptionFeed")
            .WithSummary("Your subscription feed")
            .WithDescription("New public videos from the channels you follow, newest first.")
            .RequireAuthorization();
        return app;
    }

    public static async Task<Results<Ok<SubscriptionResult>, ProblemHttpResult>> Subscribe(
        string username, ClaimsPrincipal user, VenvidDbContext db, TimeProvider time, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (await ChannelDirectory.FindAsync(db, username, ct) is not { } channel)
        {
            return ChannelEndpoints.NotFound();
        }

        if (channel.Id == me)
        {
            return Problems.Conflict("You cannot subscribe to your own channel.");
        }

        var count = await db.Database.SqlQuery<long>($"""
            WITH inserted AS (
              INSERT INTO subscriptions (subscriber_id, channel_id, created_at) VALUES ({me}, {channel.Id}, {time.GetUtcNow()})
              ON CONFLICT DO NOTHING RETURNING 1)
            UPDATE users SET subscriber_count = subscriber_count + (SELECT count(*) FROM inserted)
            WHERE id = {channel.Id} RETURNING subscriber_count AS "Value"
            """).ToListAsync(ct);
        return count.Count == 0 ? ChannelEndpoints.NotFound() : TypedResults.Ok(new SubscriptionResult(count[0], SubscribedByMe: true));
    }

    public static async Task<Results<Ok<SubscriptionResult>, ProblemHttpResult>> Unsubscribe(
        string username, ClaimsPrincipal user, VenvidDbContext db, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (await ChannelDirectory.FindAsync(db, username, ct) is not { } channel)
        {
            return ChannelEndpoints.NotFound();
        }

        var count = await db.Database.SqlQuery<long>($"""
            WITH deleted AS (
              DELETE FROM subscriptions WHERE subscriber_id = {me} AND channel_id = {channel.Id} RETURNING 1)
            UPDATE users SET subscriber_count = subscriber_count - (SELECT count(*) FROM deleted)
            WHERE id = {channel.Id} RETURNING subscriber_count AS "Value"
            """).ToListAsync(ct);
        return count.Count == 0 ? ChannelEndpoints.NotFound() : TypedResults.Ok(new SubscriptionResult(count[0], SubscribedByMe: false));
    }

    /// <summary>The channels the caller follows, most recently followed first (keyset over the subscription's time and channel).</summary>
    public static async Task<Results<Ok<Page<ChannelDto>>, ValidationProblem>> MySubscriptions(
        string? cursor, int? limit, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        if (Paging.Read(cursor, limit, SubscriptionsOrder, out var invalid) is not (var take, var after, var at))
        {
            return invalid!;
        }

        var keys = db.Subscriptions.Where(s => s.SubscriberId == me);
        if (after is not null && Guid.TryParse(after.Id, out var afterChannel))
        {
            keys = keys.Where(s => EF.Functions.LessThan(ValueTuple.Create(s.CreatedAt, s.ChannelId), ValueTuple.Create(at, afterChannel)));
        }

        var rows = await keys.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.ChannelId)
            .Take(take + 1).Select(s => new { s.CreatedAt, s.ChannelId }).ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var ids = page.Select(r => r.ChannelId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var channels = await ChannelDirectory.PresentAsync(db, [.. ids.Where(users.ContainsKey).Select(id => users[id])], me, ct);
        var next = rows.Count > take ? new Cursor(SubscriptionsOrder, Cursor.FromTime(page[^1].CreatedAt), page[^1].ChannelId.ToString()).Encode() : null;
        return TypedResults.Ok(new Page<ChannelDto>(channels, next));
    }

    /// <summary>Public, ready videos of the channels the caller follows, newest published first.</summary>
    public static Task<Results<Ok<Page<VideoDto>>, ValidationProblem>> Feed(
        string? cursor, int? limit, ClaimsPrincipal user, [FromKeyedServices(ReadRouting.Key)] VenvidDbContext db,
        VideoReader reader, VideoMapper mapper, CancellationToken ct)
    {
        var me = user.GetUserId()!.Value;
        var keys = VideoReader.Listed(db.Videos)
            .Where(v => db.Subscriptions.Any(s => s.SubscriberId == me && s.ChannelId == v.OwnerId))
            .Select(v => new Keyset.TimeKey { At = v.PublishedAt!.Value, Id = v.Id });
        return Keyset.TimePageAsync(keys, FeedOrder, cursor, limit, me, db, reader, mapper, ct);
    }
}
