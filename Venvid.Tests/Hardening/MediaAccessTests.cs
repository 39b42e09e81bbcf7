using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>Media URLs obey the video's visibility: private media only for its uploader, nothing once deleted.</summary>
[Collection(VenvidCollection.Name)]
public sealed class MediaAccessTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task Private_media_is_served_only_to_its_uploader_and_deleted_media_to_nobody()
    {
        var owner = await fixture.SignUpAsync();
        var other = await fixture.SignUpAsync();
        var queued = await owner.UploadAsync(await _media.GenerateAsync(320, 240, seconds: 4), "Private clip", visibility: Visibilities.Private);
        await owner.WaitForAsync(queued.Id, VideoStatuses.Ready);

        // Reading the video gives the uploader's browser a grant cookie for its media, and only for its media.
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{queued.Id}");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner.AccessToken);
        using var detail = await owner.Http.SendAsync(read);
        var video = (await detail.Content.ReadFromJsonAsync<VideoDto>())!;
        var cookie = Assert.Single(detail.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"vmg_{video.Id}=", StringComparison.Ordinal));
        Assert.Contains($"path=/media/videos/{video.Id}/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        var grant = cookie.Split(';')[0];

        using (var access = await fixture.CreateClient().GetAsync($"/api/videos/{video.Id}/media-access"))
        {
            Assert.True(access.StatusCode == HttpStatusCode.NotFound, $"media-access answered {(int)access.StatusCode}: {await access.Content.ReadAsStringAsync()} visibility={video.Visibility}");
        }

        string[] urls = [video.PlaybackUrl!, video.ThumbnailUrl!, video.PlaybackUrl!.Replace("master.m3u8", "240p/index.m3u8", StringComparison.Ordinal)];
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(url));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(url, bearer: other.AccessToken));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(url, cookie: grant.Replace(video.Id, OtherId(video.Id), StringComparison.Ordinal)));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(url, cookie: grant));
            // Served on the grant: for this browser only, never for a shared cache (the CDN in production).
            Assert.True((await FetchAsync(url, cookie: grant)).CacheControl?.Private, $"{url} served on a grant must be private");
        }

        // "Your videos" grants the same, so the uploader's list shows the private thumbnail.
        using (var mine = new HttpRequestMessage(HttpMethod.Get, "/api/users/me/videos"))
        {
            mine.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner.AccessToken);
            using var list = await owner.Http.SendAsync(mine);
            Assert.Contains(list.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"vmg_{video.Id}=", StringComparison.Ordinal));
        }

        // A tampered grant is worthless.
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(video.PlaybackUrl!, cookie: grant[..^2] + (grant.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA")));

        // Made public, anyone may watch (once the edge's short memory of the old answer has passed).
        await owner.Api.UpdateVideoAsync(video.Id, owner.AccessToken, new UpdateVideoRequest(null, null, Visibilities.Public));
        await SeededVideos.EventuallyAsync(async () => await StatusAsync(video.PlaybackUrl!) == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.True((await FetchAsync(video.ThumbnailUrl!)).CacheControl?.Public, "public media is cacheable by shared caches");

        // Deleted, nobody may — not even the uploader with a grant.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Api.DeleteVideoAsync(video.Id, owner.AccessToken)).StatusCode);
        await SeededVideos.EventuallyAsync(async () =>
            await StatusAsync(video.PlaybackUrl!) == HttpStatusCode.NotFound && await StatusAsync(video.ThumbnailUrl!, cookie: grant) == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30));
    }

    private async Task<HttpStatusCode> StatusAsync(string url, string? cookie = null, string? bearer = null) =>
        (await FetchAsync(url, cookie, bearer)).Status;

    private async Task<(HttpStatusCode Status, CacheControlHeaderValue? CacheControl)> FetchAsync(string url, string? cookie = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        // A client without a cookie jar: the factory's pooled handlers would replay the grant for everyone.
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = fixture.CreateClient().BaseAddress };
        using var response = await browser.SendAsync(request);
        return (response.StatusCode, response.Headers.CacheControl);
    }

    /// <summary>Another video's id of the same shape: the first character changed, whatever it was.</summary>
    private static string OtherId(string id) => (id[0] == 'x' ? "y" : "x") + id[1..];

    public void Dispose() => _media.Dispose();
}
