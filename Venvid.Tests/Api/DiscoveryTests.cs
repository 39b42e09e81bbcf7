using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Recommendations from what a viewer follows, likes and watches; related videos by channel, terms and co-viewing.</summary>
[Collection(VenvidCollection.Name)]
public sealed class DiscoveryTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Recommendations_rank_followed_then_liked_then_watched_channels_and_never_show_own_or_watched_videos_or_repeat()
    {
        var viewer = await fixture.SignUpAsync();
        var (followed, liked, watched) = (await fixture.SignUpAsync(), await fixture.SignUpAsync(), await fixture.SignUpAsync());
        var now = DateTimeOffset.UtcNow;
        var fromFollowed = await fixture.SeedVideoAsync(followed.User.Id, publishedAt: now.AddDays(-2));
        var likedVideo = await fixture.SeedVideoAsync(liked.User.Id, publishedAt: now.AddDays(-3));
        var fromLiked = await fixture.SeedVideoAsync(liked.User.Id, publishedAt: now.AddDays(-2));
        var watchedVideo = await fixture.SeedVideoAsync(watched.User.Id, publishedAt: now.AddDays(-3));
        var fromWatched = await fixture.SeedVideoAsync(watched.User.Id, publishedAt: now.AddDays(-2));
        var own = await fixture.SeedVideoAsync(viewer.User.Id, publishedAt: now);
        var elsewhere = await fixture.SignUpAsync();
        for (var i = 0; i < 4; i++)
        {
            await fixture.SeedVideoAsync(elsewhere.User.Id, publishedAt: now.AddDays(-30 - i));
        }

        Assert.Equal(HttpStatusCode.OK, (await viewer.Api.SubscribeAsync(followed.User.Username, viewer.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Api.LikeAsync(likedVideo, viewer.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await viewer.Api.RecordViewAsync(watchedVideo, viewer.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await viewer.Api.RecordViewAsync(likedVideo, viewer.AccessToken)).StatusCode);

        var first = await viewer.Api.GetRecommendedAsync(viewer.AccessToken, limit: 3);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal([fromFollowed, fromLiked, fromWatched], first.Content!.Items.Select(v => v.Id));

        // The ranking is kept for the session: a follow made now does not reshuffle the pages still to come.
        var anotherChannel = await fixture.SignUpAsync();
        var arrivedLater = await fixture.SeedVideoAsync(anotherChannel.User.Id);
        await viewer.Api.SubscribeAsync(anotherChannel.User.Username, viewer.AccessToken);
        var seen = first.Content.Items.Select(v => v.Id).ToList();
        var cursor = first.Content.NextCursor;
        while (cursor is not null)
        {
            var page = await viewer.Api.GetRecommendedAsync(viewer.AccessToken, cursor, limit: 100);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.AddRange(page.Content!.Items.Select(v => v.Id));
            cursor = page.Content.NextCursor;
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count >= 7, $"only {seen.Count} recommended");
        Assert.DoesNotContain(arrivedLater, seen);
        Assert.DoesNotContain(own, seen);
        Assert.DoesNotContain(watchedVideo, seen);
        Assert.DoesNotContain(likedVideo, seen);

        // A cursor is its viewer's: someone else's, or garbage, is a validation problem.
        var stranger = await fixture.SignUpAsync();
        Assert.NotNull(first.Content.NextCursor);
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.Api.GetRecommendedAsync(stranger.AccessToken, first.Content.NextCursor)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.Api.GetRecommendedAsync(viewer.AccessToken, "garbage")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_recommended_what_is_trending()
    {
        var anonymous = await fixture.CreateClient("web").GetAsync("/api/videos/recommended?limit=5");
        var trending = await fixture.CreateClient("web").GetAsync("/api/videos?sort=trending&limit=5");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(await trending.Content.ReadAsStringAsync(), await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Related_videos_come_from_the_same_channel_shared_terms_and_co_viewing_never_the_video_itself()
    {
        var marker = "zq" + Guid.NewGuid().ToString("n")[..8];
        var creator = await fixture.SignUpAsync();
        var other = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(creator.User.Id, title: $"Mandelbrot {marker} deep zoom");
        var sameChannel = await fixture.SeedVideoAsync(creator.User.Id, title: "Something else entirely");
        var sharedTerms = await fixture.SeedVideoAsync(other.User.Id, title: $"The {marker} set explained");
        var coViewed = await fixture.SeedVideoAsync(other.User.Id, title: "Cooking pasta");
        var unrelated = await fixture.SeedVideoAsync(other.User.Id, title: "Gardening in winter");
        var hidden = await fixture.SeedVideoAsync(creator.User.Id, title: $"Private {marker}", visibility: Visibilities.Private);
        foreach (var viewer in await Task.WhenAll(fixture.SignUpAsync(), fixture.SignUpAsync()))
        {
            await viewer.Api.RecordViewAsync(video, viewer.AccessToken);
            await viewer.Api.RecordViewAsync(coViewed, viewer.AccessToken);
        }

        var related = await creator.Api.GetRelatedAsync(video, limit: 20);

        Assert.Equal(HttpStatusCode.OK, related.StatusCode);
        var ids = related.Content!.Items.Select(v => v.Id).ToList();
        Assert.Contains(sameChannel, ids);
        Assert.Contains(sharedTerms, ids);
        Assert.Contains(coViewed, ids);
        Assert.DoesNotContain(video, ids);
        Assert.DoesNotContain(unrelated, ids);
        Assert.DoesNotContain(hidden, ids);
        Assert.Equal(HttpStatusCode.BadRequest, (await creator.Api.GetRelatedAsync(video, limit: 21)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.GetRelatedAsync(hidden, accessToken: other.AccessToken)).StatusCode);
    }
}
