using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

[Collection(VenvidCollection.Name)]
public sealed class VideoCatalogueTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Following_cursors_visits_every_video_once_even_with_inserts_between_pages()
    {
        var uploader = await fixture.SignUpAsync();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var seeded = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            // Two videos share each timestamp: the id must break the tie.
            seeded.Add(await fixture.SeedVideoAsync(uploader.User.Id, publishedAt: start.AddMinutes(i / 2)));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await uploader.Api.ListVideosAsync(uploader: uploader.User.Username, cursor: cursor, limit: 3);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            seen.AddRange(page.Content!.Items.Select(v => v.Id));
            cursor = page.Content.NextCursor;
            // New uploads land on top while someone pages through older ones.
            await fixture.SeedVideoAsync(uploader.User.Id, publishedAt: DateTimeOffset.UtcNow);
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seeded.OrderBy(x => x), seen.OrderBy(x => x));
    }

    [Fact]
    public async Task Popular_and_trending_sort_by_their_score_then_id_across_pages()
    {
        var uploader = await fixture.SignUpAsync();
        var views = new long[] { 5, 50, 5, 500, 0 };
        var ids = new List<(string Id, long Views)>();
        foreach (var v in views)
        {
            ids.Add((await fixture.SeedVideoAsync(uploader.User.Id, viewCount: v, trendingScore: v / 10.0), v));
        }

        var popular = await SeededVideos.AllPagesAsync(c => uploader.Api.ListVideosAsync(VideoSorts.Popular, uploader: uploader.User.Id, cursor: c, limit: 2));
        var trending = await SeededVideos.AllPagesAsync(c => uploader.Api.ListVideosAsync(VideoSorts.Trending, uploader: uploader.User.Id, cursor: c, limit: 2));

        var expected = ids.OrderByDescending(x => x.Views).ThenByDescending(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList();
        Assert.Equal(expected.Count, popular.Count);
        Assert.Equal(expected.Select(x => ids.Single(i => i.Id == x).Views), popular.Select(v => v.ViewCount));
        Assert.Equal(popular.Select(v => v.Id).OrderBy(x => x), trending.Select(v => v.Id).OrderBy(x => x));
        Assert.Equal(popular.Select(v => v.ViewCount), trending.Select(v => v.ViewCount));
    }

    [Fact]
    public async Task Search_matches_title_and_description_words_and_pages_by_relevance()
    {
        var uploader = await fixture.SignUpAsync();
        var word = "zebra" + Guid.NewGuid().ToString("n")[..8];
        var inTitle = await fixture.SeedVideoAsync(uploader.User.Id, title: $"All about {word} stripes");
        var inDescription = await fixture.SeedVideoAsync(uploader.User.Id, title: "Savanna", description: $"Featuring a {word}");
        await fixture.SeedVideoAsync(uploader.User.Id, title: "Unrelated cats");
        await fixture.SeedVideoAsync(uploader.User.Id, title: $"Private {word}", visibility: Visibilities.Private);

        var found = await SeededVideos.AllPagesAsync(c => uploader.Api.ListVideosAsync(q: word, cursor: c, limit: 1));

        Assert.Equal([inTitle, inDescription], found.Select(v => v.Id));
    }

    [Fact]
    public async Task Listing_only_shows_public_ready_videos()
    {
        var uploader = await fixture.SignUpAsync();
        var visible = await fixture.SeedVideoAsync(uploader.User.Id);
        await fixture.SeedVideoAsync(uploader.User.Id, visibility: Visibilities.Unlisted);
        await fixture.SeedVideoAsync(uploader.User.Id, visibility: Visibilities.Private);
        await fixture.SeedVideoAsync(uploader.User.Id, status: VideoStatuses.Processing);

        var page = await uploader.Api.ListVideosAsync(uploader: uploader.User.Username.ToUpperInvariant());

        Assert.Equal([visible], page.Content!.Items.Select(v => v.Id));
        Assert.Equal(uploader.User.Username, page.Content.Items[0].Uploader.Username);
        Assert.Null(page.Content.NextCursor);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("sort=oldest")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("limit=abc")]
    public async Task Bad_list_parameters_are_validation_problems(string query)
    {
        using var http = fixture.CreateClient("web");

        using var response = await http.GetAsync("/api/videos?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"errors\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cursor_of_one_sort_is_rejected_by_another()
    {
        var uploader = await fixture.SignUpAsync();
        await fixture.SeedVideoAsync(uploader.User.Id);
        await fixture.SeedVideoAsync(uploader.User.Id);
        var first = await uploader.Api.ListVideosAsync(VideoSorts.New, uploader: uploader.User.Id, limit: 1);

        var mixed = await uploader.Api.ListVideosAsync(VideoSorts.Popular, uploader: uploader.User.Id, cursor: first.Content!.NextCursor, limit: 1);

        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
    }

    [Fact]
    public async Task Visibility_rules_decide_who_can_get_a_video_by_id()
    {
        var owner = await fixture.SignUpAsync();
        var stranger = await fixture.SignUpAsync();
        var unlisted = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Unlisted);
        var priv = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Private);
        var processing = await fixture.SeedVideoAsync(owner.User.Id, status: VideoStatuses.Processing);

        Assert.Equal(HttpStatusCode.OK, (await stranger.Api.GetVideoAsync(unlisted)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Api.GetVideoAsync(priv, stranger.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Api.GetVideoAsync(priv)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Api.GetVideoAsync(processing, stranger.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetVideoAsync(priv, owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetVideoAsync(processing, owner.AccessToken)).StatusCode);
        var missing = await stranger.Api.GetVideoAsync("doesNotExist1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("https://venvid.dev/problems/not-found", missing.Problem().Type);
    }

    [Fact]
    public async Task Only_the_uploader_can_update_a_video_and_others_get_403_or_404()
    {
        var owner = await fixture.SignUpAsync();
        var stranger = await fixture.SignUpAsync();
        var pub = await fixture.SeedVideoAsync(owner.User.Id);
        var priv = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Private);
        var change = new UpdateVideoRequest("Hijacked", null, null);

        var updated = await owner.Api.UpdateVideoAsync(pub, owner.AccessToken, new UpdateVideoRequest("New title", "New description", Visibilities.Unlisted));
        var invalid = await owner.Api.UpdateVideoAsync(pub, owner.AccessToken, new UpdateVideoRequest("", new string('d', 5001), "secret"));
        var byStrangerVisible = await stranger.Api.UpdateVideoAsync(pub, stranger.AccessToken, change);
        var byStrangerPrivate = await stranger.Api.UpdateVideoAsync(priv, stranger.AccessToken, change);
        var deleteByStranger = await stranger.Api.DeleteVideoAsync(pub, stranger.AccessToken);
        var anonymous = await stranger.Api.UpdateVideoAsync(pub, "", change);
        var afterwards = await stranger.Api.GetVideoAsync(pub);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("New title", "New description", Visibilities.Unlisted), (updated.Content!.Title, updated.Content.Description, updated.Content.Visibility));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(["description", "title", "visibility"], invalid.Problem().Errors!.Keys.Order());
        Assert.Equal(HttpStatusCode.Forbidden, byStrangerVisible.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byStrangerPrivate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleteByStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("New title", afterwards.Content!.Title);
    }

    [Fact]
    public async Task Deleting_a_video_hides_it_everywhere_and_removes_its_media()
    {
        var owner = await fixture.SignUpAsync();
        var prefix = $"media/test-{Guid.NewGuid():n}";
        var id = await fixture.SeedVideoAsync(owner.User.Id, mediaPrefix: prefix);
        var (s3, bucket) = await fixture.StorageAsync();
        using (s3)
        {
            foreach (var key in new[] { "master.m3u8", "360p/index.m3u8", "thumb.jpg" })
            {
                await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = $"{prefix}/{key}", ContentBody = "x", UseChunkEncoding = false });
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetVideoAsync(id)).StatusCode);
        var deleted = await owner.Api.DeleteVideoAsync(id, owner.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Api.GetVideoAsync(id, owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Api.DeleteVideoAsync(id, owner.AccessToken)).StatusCode);
        Assert.Empty((await owner.Api.ListVideosAsync(uploader: owner.User.Id)).Content!.Items);
        Assert.Empty(await fixture.ListStorageKeysAsync(prefix + "/"));
        Assert.NotNull(await fixture.ScalarAsync<DateTime?>("SELECT deleted_at FROM videos WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task A_video_served_from_the_cache_does_not_touch_postgres()
    {
        var owner = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id);
        using var api = fixture.CreateClient("api");

        using var first = await api.GetAsync($"/api/videos/{id}");
        using var second = await api.GetAsync($"/api/videos/{id}");
        using var third = await api.GetAsync($"/api/videos/{id}");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual("0", first.Headers.GetValues("X-Db-Commands").Single());
        Assert.Equal("0", second.Headers.GetValues("X-Db-Commands").Single());
        Assert.Equal("0", third.Headers.GetValues("X-Db-Commands").Single());
    }

    [Fact]
    public async Task A_signed_in_callers_cached_video_keeps_their_own_liked_flag_without_postgres()
    {
        var owner = await fixture.SignUpAsync();
        var fan = await fixture.SignUpAsync();
        var id = await fixture.SeedVideoAsync(owner.User.Id);
        await fan.Api.LikeAsync(id, fan.AccessToken);
        using var api = fixture.CreateClient("api");

        async Task<(VideoDto Video, string Commands)> GetAsync(SignedIn who)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{id}");
            request.Headers.Authorization = new("Bearer", who.AccessToken);
            using var response = await api.SendAsync(request);
            var video = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<VideoDto>(response.Content);
            return (video!, response.Headers.GetValues("X-Db-Commands").Single());
        }

        await GetAsync(fan);
        await GetAsync(owner);
        var fanAgain = await GetAsync(fan);
        var ownerAgain = await GetAsync(owner);

        Assert.True(fanAgain.Video.LikedByMe);
        Assert.False(ownerAgain.Video.LikedByMe);
        Assert.Equal("0", fanAgain.Commands);
        Assert.Equal("0", ownerAgain.Commands);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_public_api()
    {
        using var api = fixture.CreateClient("api");

        var document = await api.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/auth/login", document);
        Assert.Contains("/api/videos/{id}/like", document);
        Assert.Contains("/api/users/me/history", document);
        // Search and captions, with the parameters clients send.
        using var openApi = System.Text.Json.JsonDocument.Parse(document);
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/channels", "/api/playlists", "/api/search/suggestions", "/api/videos/{id}/captions/{language}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the document lacks {path}");
        }

        var listParameters = paths.GetProperty("/api/videos").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("publishedAfter", listParameters);
        Assert.Contains("duration", listParameters);

        // A bearer scheme, required (with its 401) exactly where a signed-in caller is.
        var bearer = openApi.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (bearer.GetProperty("type").GetString(), bearer.GetProperty("scheme").GetString()));
        var putCaption = paths.GetProperty("/api/videos/{id}/captions/{language}").GetProperty("put");
        Assert.True(putCaption.GetProperty("security")[0].TryGetProperty("bearer", out _));
        Assert.True(putCaption.GetProperty("responses").TryGetProperty("401", out _));
        // Elsewhere a token is optional (an empty requirement beside the bearer one): it only personalises the answer.
        var listSecurity = paths.GetProperty("/api/videos").GetProperty("get").GetProperty("security").EnumerateArray().ToList();
        Assert.Contains(listSecurity, r => !r.EnumerateObject().Any());
        Assert.False(paths.GetProperty("/api/videos").GetProperty("get").GetProperty("responses").TryGetProperty("401", out _));
    }
}
