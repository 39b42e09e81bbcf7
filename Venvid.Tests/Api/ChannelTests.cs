using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Channels are users: their page, their public videos, and following them.</summary>
[Collection(VenvidCollection.Name)]
public sealed class ChannelTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task A_channel_is_found_by_username_in_any_case_with_its_public_video_count()
    {
        var creator = await fixture.SignUpAsync(displayName: "Creator");
        await fixture.SeedVideoAsync(creator.User.Id);
        await fixture.SeedVideoAsync(creator.User.Id);
        await fixture.SeedVideoAsync(creator.User.Id, visibility: Visibilities.Private);
        await fixture.SeedVideoAsync(creator.User.Id, status: VideoStatuses.Processing);

        var channel = await creator.Api.GetChannelAsync(creator.User.Username.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, channel.StatusCode);
        Assert.Equal(creator.User.Id, channel.Content!.Id);
        Assert.Equal(creator.User.Username, channel.Content.Username);
        Assert.Equal("Creator", channel.Content.DisplayName);
        Assert.Equal(2, channel.Content.VideoCount);
        Assert.Equal(0, channel.Content.SubscriberCount);
        Assert.False(channel.Content.SubscribedByMe);

        var unknown = await creator.Api.GetChannelAsync("nobody_" + Guid.NewGuid().ToString("n")[..10]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.ContentHeaders?.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_channels_videos_are_its_public_ready_ones_newest_first_and_cursors_visit_each_once()
    {
        var creator = await fixture.SignUpAsync();
        var now = DateTimeOffset.UtcNow;
        var listed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            listed.Add(await fixture.SeedVideoAsync(creator.User.Id, publishedAt: now.AddMinutes(-i)));
        }

        await fixture.SeedVideoAsync(creator.User.Id, visibility: Visibilities.Unlisted);
        await fixture.SeedVideoAsync((await fixture.SignUpAsync()).User.Id);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await creator.Api.GetChannelVideosAsync(creator.User.Username, cursor: cursor, limit: 2);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.AddRange(page.Content!.Items.Select(v => v.Id));
            cursor = page.Content.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(listed, seen);
        Assert.Equal(HttpStatusCode.BadRequest, (await creator.Api.GetChannelVideosAsync(creator.User.Username, sort: "trending")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await creator.Api.GetChannelVideosAsync("nobody_" + Guid.NewGuid().ToString("n")[..10])).StatusCode);
    }

    [Fact]
    public async Task Subscribing_is_idempotent_and_the_count_is_exact_under_concurrency()
    {
        var creator = await fixture.SignUpAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.SignUpAsync()));

        // Every fan subscribes three times at once, all fans together.
        var results = await Task.WhenAll(fans.SelectMany(fan => Enumerable.Range(0, 3).Select(_ => fan.Api.SubscribeAsync(creator.User.Username, fan.AccessToken))));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(results, r => Assert.True(r.Content!.SubscribedByMe));
        Assert.Equal(8, await fixture.ScalarAsync<long>("SELECT subscriber_count FROM users WHERE id = @id", ("id", Guid.Parse(creator.User.Id))));
        Assert.Equal(8, await fixture.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE channel_id = @id", ("id", Guid.Parse(creator.User.Id))));

        // Half of them unsubscribe twice, at once.
        var left = await Task.WhenAll(fans.Take(4).SelectMany(fan => Enumerable.Range(0, 2).Select(_ => fan.Api.UnsubscribeAsync(creator.User.Username, fan.AccessToken))));
        Assert.All(left, r => Assert.False(r.Content!.SubscribedByMe));

        var seenByFan = await fans[5].Api.GetChannelAsync(creator.User.Username, fans[5].AccessToken);
        Assert.Equal(4, seenByFan.Content!.SubscriberCount);
        Assert.True(seenByFan.Content.SubscribedByMe);
        Assert.False((await fans[0].Api.GetChannelAsync(creator.User.Username, fans[0].AccessToken)).Content!.SubscribedByMe);
        Assert.False((await creator.Api.GetChannelAsync(creator.User.Username)).Content!.SubscribedByMe);
    }

    [Fact]
    public async Task Subscribing_needs_a_token_a_real_channel_and_someone_else()
    {
        var viewer = await fixture.SignUpAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.Api.SubscribeAsync(viewer.User.Username, "not-a-token")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Api.SubscribeAsync("nobody_" + Guid.NewGuid().ToString("n")[..10], viewer.AccessToken)).StatusCode);
        var self = await viewer.Api.SubscribeAsync(viewer.User.Username, viewer.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal("application/problem+json", self.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.Api.GetSubscriptionFeedAsync("not-a-token")).StatusCode);
    }

    [Fact]
    public async Task My_subscriptions_come_most_recent_first_and_the_feed_holds_their_public_videos_newest_first()
    {
        var viewer = await fixture.SignUpAsync();
        var channels = new List<SignedIn>();
        for (var i = 0; i < 3; i++)
        {
            var channel = await fixture.SignUpAsync();
            channels.Add(channel);
            Assert.Equal(HttpStatusCode.OK, (await viewer.Api.SubscribeAsync(channel.User.Username, viewer.AccessToken)).StatusCode);
        }

        var followed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await viewer.Api.GetSubscriptionsAsync(viewer.AccessToken, cursor, limit: 2);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.All(page.Content!.Items, c => Assert.True(c.SubscribedByMe));
            followed.AddRange(page.Content.Items.Select(c => c.Username));
            cursor = page.Content.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(channels.Select(c => c.User.Username).Reverse(), followed);

        var now = DateTimeOffset.UtcNow;
        var expected = new List<string>
        {
            await fixture.SeedVideoAsync(channels[0].User.Id, publishedAt: now.AddMinutes(-1)),
            await fixture.SeedVideoAsync(channels[2].User.Id, publishedAt: now.AddMinutes(-2)),
            await fixture.SeedVideoAsync(channels[1].User.Id, publishedAt: now.AddMinutes(-3)),
            await fixture.SeedVideoAsync(channels[0].User.Id, publishedAt: now.AddMinutes(-4)),
        };
        await fixture.SeedVideoAsync(channels[1].User.Id, visibility: Visibilities.Private);
        await fixture.SeedVideoAsync(channels[2].User.Id, status: VideoStatuses.Processing);
        await fixture.SeedVideoAsync((await fixture.SignUpAsync()).User.Id, publishedAt: now);

        var feed = new List<string>();
        cursor = null;
        do
        {
            var page = await viewer.Api.GetSubscriptionFeedAsync(viewer.AccessToken, cursor, limit: 3);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            feed.AddRange(page.Content!.Items.Select(v => v.Id));
            cursor = page.Content.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(expected, feed);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Api.GetSubscriptionFeedAsync(viewer.AccessToken, "garbage")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Api.GetSubscriptionsAsync(viewer.AccessToken, limit: 101)).StatusCode);
    }
}
