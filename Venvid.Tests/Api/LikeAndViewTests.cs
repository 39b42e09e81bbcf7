using System.Net;
using Refit;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

[Collection(VenvidCollection.Name)]
public sealed class LikeAndViewTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Liking_twice_keeps_one_like_and_unliking_twice_changes_nothing()
    {
        var owner = await fixture.SignUpAsync();
        var fan = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id);

        var first = await fan.Api.LikeAsync(id, fan.AccessToken);
        var second = await fan.Api.LikeAsync(id, fan.AccessToken);
        var asFan = await fan.Api.GetVideoAsync(id, fan.AccessToken);
        var asOwner = await owner.Api.GetVideoAsync(id, owner.AccessToken);
        var unliked = await fan.Api.UnlikeAsync(id, fan.AccessToken);
        var unlikedAgain = await fan.Api.UnlikeAsync(id, fan.AccessToken);

        Assert.Equal(new LikeResult(1, true), first.Content);
        Assert.Equal(new LikeResult(1, true), second.Content);
        Assert.True(asFan.Content!.LikedByMe);
        Assert.Equal(1, asFan.Content.LikeCount);
        Assert.False(asOwner.Content!.LikedByMe);
        Assert.Equal(new LikeResult(0, false), unliked.Content);
        Assert.Equal(new LikeResult(0, false), unlikedAgain.Content);
        Assert.False((await fan.Api.GetVideoAsync(id, fan.AccessToken)).Content!.LikedByMe);
    }

    [Fact]
    public async Task One_hundred_parallel_like_and_unlike_calls_leave_the_count_equal_to_the_like_rows()
    {
        var owner = await fixture.SignUpAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.SignUpAsync()));
        var id = await fixture.SeedVideoAsync(owner.User.Id);

        var calls = Enumerable.Range(0, 100).Select(async i =>
        {
            var fan = fans[i % fans.Length];
            var response = i % 3 == 0 ? await fan.Api.UnlikeAsync(id, fan.AccessToken) : await fan.Api.LikeAsync(id, fan.AccessToken);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(calls);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var rows = await fixture.ScalarAsync<long>("SELECT count(*) FROM likes WHERE video_id = @id", ("id", id));
        var counted = await fixture.ScalarAsync<long>("SELECT like_count FROM videos WHERE id = @id", ("id", id));
        Assert.Equal(rows, counted);
        Assert.Equal(rows, (await owner.Api.GetVideoAsync(id)).Content!.LikeCount);
    }

    [Fact]
    public async Task Likes_need_a_token_and_a_video_the_caller_can_see()
    {
        var owner = await fixture.SignUpAsync();
        var stranger = await fixture.SignUpAsync();
        var priv = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Private);
        using var http = fixture.CreateClient("web");

        using var anonymous = await http.PostAsync($"/api/videos/{priv}/like", null);
        var hidden = await stranger.Api.LikeAsync(priv, stranger.AccessToken);
        var missing = await stranger.Api.UnlikeAsync("noSuchVideo1", stranger.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_viewer_is_counted_once_per_window_and_the_count_reaches_postgres()
    {
        var owner = await fixture.SignUpAsync();
        var viewer = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id, viewCount: 10);
        using var anonymousA = fixture.CreateClient("web");
        anonymousA.DefaultRequestHeaders.UserAgent.ParseAdd("BrowserA/1.0");
        using var anonymousB = fixture.CreateClient("web");
        anonymousB.DefaultRequestHeaders.UserAgent.ParseAdd("BrowserB/2.0");
        var apiA = RestService.For<IVenvidApi>(anonymousA);
        var apiB = RestService.For<IVenvidApi>(anonymousB);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await viewer.Api.RecordViewAsync(id, viewer.AccessToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await apiA.RecordViewAsync(id)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await apiB.RecordViewAsync(id)).StatusCode);
        }

        // The contract (RecordView): viewCount reflects a view "within a few seconds" (beacons are answered once queued).
        await SeededVideos.EventuallyAsync(async () => (await viewer.Api.GetVideoAsync(id)).Content!.ViewCount == 13, TimeSpan.FromSeconds(5));
        await SeededVideos.EventuallyAsync(async () =>
            await fixture.ScalarAsync<long>("SELECT view_count FROM videos WHERE id = @id", ("id", id)) == 13);
        Assert.True(await fixture.ScalarAsync<double>("SELECT trending_score FROM videos WHERE id = @id", ("id", id)) > 0);
        Assert.Equal(13, (await viewer.Api.GetVideoAsync(id)).Content!.ViewCount);
        Assert.Equal([id], (await viewer.Api.GetHistoryAsync(viewer.AccessToken)).Content!.Items.Select(v => v.Id));
    }

    [Fact]
    public async Task Views_of_videos_the_caller_cannot_see_are_404()
    {
        var owner = await fixture.SignUpAsync();
        var priv = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Private);
        using var http = fixture.CreateClient("web");

        using var hidden = await http.PostAsync($"/api/videos/{priv}/view", null);
        var own = await owner.Api.RecordViewAsync(priv, owner.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }
}
