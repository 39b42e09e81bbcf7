using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

[Collection(VenvidCollection.Name)]
public sealed class UserTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Me_returns_the_signed_in_user()
    {
        var user = await fixture.SignUpAsync();

        var me = await user.Api.GetMeAsync(user.AccessToken);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(user.User.Id, me.Content!.Id);
        Assert.Equal(user.User.Email, me.Content.Email);
    }

    [Fact]
    public async Task Updating_me_changes_only_display_name_and_bio()
    {
        var user = await fixture.SignUpAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/users/me")
        {
            Content = JsonContent.Create(new
            {
                displayName = "Ada",
                bio = "Hello",
                id = Guid.NewGuid().ToString(),
                email = "evil@example.test",
                username = "hijacked",
                role = "admin",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        using var response = await user.Http.SendAsync(request);
        var me = (await user.Api.GetMeAsync(user.AccessToken)).Content!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ada", me.DisplayName);
        Assert.Equal("Hello", me.Bio);
        Assert.Equal(user.User.Id, me.Id);
        Assert.Equal(user.User.Email, me.Email);
        Assert.Equal(user.User.Username, me.Username);
    }

    [Fact]
    public async Task Updating_me_with_too_long_fields_is_a_validation_problem()
    {
        var user = await fixture.SignUpAsync();

        var response = await user.Api.UpdateMeAsync(user.AccessToken, new UpdateProfileRequest(new string('x', 51), new string('y', 1001)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("displayName", response.Problem().Errors!.Keys);
        Assert.Contains("bio", response.Problem().Errors!.Keys);
    }

    [Fact]
    public async Task My_endpoints_require_a_token()
    {
        using var http = fixture.CreateClient("web");

        foreach (var path in new[] { "/api/users/me", "/api/users/me/videos", "/api/users/me/liked", "/api/users/me/history" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var put = await http.PutAsJsonAsync("/api/users/me", new { displayName = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
    }

    [Fact]
    public async Task My_videos_lists_all_my_videos_in_every_state_and_none_of_anyone_elses()
    {
        var me = await fixture.SignUpAsync();
        var other = await fixture.SignUpAsync();
        var mine = new[]
        {
            await fixture.SeedVideoAsync(me.User.Id, visibility: Visibilities.Private),
            await fixture.SeedVideoAsync(me.User.Id, status: VideoStatuses.Processing),
            await fixture.SeedVideoAsync(me.User.Id, visibility: Visibilities.Unlisted),
        };
        await fixture.SeedVideoAsync(other.User.Id, visibility: Visibilities.Private);

        var listed = await SeededVideos.AllPagesAsync(cursor => me.Api.GetMyVideosAsync(me.AccessToken, cursor, 2));
        var theirs = await SeededVideos.AllPagesAsync(cursor => other.Api.GetMyVideosAsync(other.AccessToken, cursor, 2));

        Assert.Equal(mine.OrderBy(x => x), listed.Select(v => v.Id).OrderBy(x => x));
        Assert.DoesNotContain(theirs, v => mine.Contains(v.Id));
    }

    [Fact]
    public async Task Liked_and_history_list_newest_first_and_hide_videos_that_became_private()
    {
        var me = await fixture.SignUpAsync();
        var uploader = await fixture.SignUpAsync();
        var first = await fixture.SeedVideoAsync(uploader.User.Id);
        var second = await fixture.SeedVideoAsync(uploader.User.Id);
        var hidden = await fixture.SeedVideoAsync(uploader.User.Id);
        foreach (var id in new[] { hidden, first, second })
        {
            Assert.Equal(HttpStatusCode.OK, (await me.Api.LikeAsync(id, me.AccessToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await me.Api.RecordViewAsync(id, me.AccessToken)).StatusCode);
        }

        await uploader.Api.UpdateVideoAsync(hidden, uploader.AccessToken, new UpdateVideoRequest(null, null, Visibilities.Private));
        var liked = await SeededVideos.AllPagesAsync(cursor => me.Api.GetLikedAsync(me.AccessToken, cursor, 1));
        var history = await SeededVideos.AllPagesAsync(cursor => me.Api.GetHistoryAsync(me.AccessToken, cursor, 1));
        var othersLiked = await uploader.Api.GetLikedAsync(uploader.AccessToken);

        Assert.Equal([second, first], liked.Select(v => v.Id));
        Assert.All(liked, v => Assert.True(v.LikedByMe));
        Assert.Equal([second, first], history.Select(v => v.Id));
        Assert.Empty(othersLiked.Content!.Items);
    }
}
