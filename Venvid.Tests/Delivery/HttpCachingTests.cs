using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Refit;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Delivery;

/// <summary>
/// HTTP caching end to end: the API's validators and cache headers per route, the edge's shared cache (serving while
/// the API is down, evicted by writes at once) and that nothing one caller sees is ever served to another.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed partial class HttpCachingTests(VenvidAppFixture fixture)
{
    [Fact]
    public async Task Public_reads_carry_strong_etags_answer_304_and_everything_else_is_private()
    {
        var owner = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(owner.User.Id);
        var unlisted = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Unlisted);
        var playlist = (await owner.Api.CreatePlaylistAsync(owner.AccessToken, new CreatePlaylistRequest("Cached list", null, Visibilities.Public))).Content!;
        using var api = fixture.CreateClientFrom(TestAccounts.RandomClientAddress());
        using var edge = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");

        string[] publicReads =
        [
            "/api/videos?limit=5", $"/api/videos/{video}", $"/api/videos/{unlisted}", $"/api/videos/{video}/comments",
            $"/api/channels/{owner.User.Username}", $"/api/playlists/{playlist.Id}", $"/api/playlists/{playlist.Id}/items",
        ];
        foreach (var path in publicReads)
        {
            foreach (var client in new[] { api, edge })
            {
                using var first = await client.GetAsync(path);
                Assert.True(first.StatusCode == HttpStatusCode.OK, $"{path}: {first.StatusCode}");
                var etag = first.Headers.ETag;
                Assert.NotNull(etag);
                Assert.False(etag.IsWeak, $"{path}: the tag is weak");
                Assert.Matches(StrongTag(), etag.Tag);
                AssertPublic(first, path);
                Assert.Contains("Authorization", first.Headers.Vary);
                Assert.False(first.Headers.Contains(EdgeHeaders.CacheTags) && client == edge, "the edge shows its cache tags");

                using var again = new HttpRequestMessage(HttpMethod.Get, path);
                again.Headers.IfNoneMatch.Add(etag);
                using var revalidated = await client.SendAsync(again);
                Assert.True(revalidated.StatusCode == HttpStatusCode.NotModified, $"{path}: If-None-Match answered {revalidated.StatusCode}");
                Assert.Equal(etag, revalidated.Headers.ETag);
                Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

                using var stale = new HttpRequestMessage(HttpMethod.Get, path);
                stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-the-current-tag\""));
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
            }
        }

        // Whatever depends on the caller: signed in, private, or an error.
        string[] callerReads = [$"/api/videos/{video}", "/api/users/me", "/api/users/me/videos", $"/api/playlists/{playlist.Id}"];
        foreach (var path in callerReads)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner.AccessToken);
            using var response = await api.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertPrivate(response, path);
        }

        var hidden = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Private);
        using var notFound = await api.GetAsync($"/api/videos/{hidden}");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        AssertPrivate(notFound, "a 404");
        using var invalid = await api.GetAsync("/api/videos?limit=1000");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        AssertPrivate(invalid, "a 400");
    }

    [Fact]
    public async Task The_edge_serves_cached_reads_without_the_api_and_writes_evict_them_at_once()
    {
        var owner = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(owner.User.Id, title: "Before the edit");
        using var edge = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        var path = $"/api/videos/{video}";
        using var cached = await edge.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);

        // With the API gone (killed: at once, well within the entry's 10 s), the edge still answers the anonymous
        // read, from its cache; a signed-in one is never answered from it.
        await fixture.KillAsync("Venvid.ApiService");
        try
        {
            using var fromCache = await edge.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, fromCache.StatusCode);
            Assert.Equal(cached.Headers.ETag, fromCache.Headers.ETag);
            Assert.Equal("Before the edit", (await fromCache.Content.ReadFromJsonAsync<VideoDto>())!.Title);
            Assert.NotNull(fromCache.Headers.Age);

            using var signedIn = new HttpRequestMessage(HttpMethod.Get, path);
            signedIn.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner.AccessToken);
            using var notCached = await edge.SendAsync(signedIn);
            Assert.NotEqual(HttpStatusCode.OK, notCached.StatusCode);
        }
        finally
        {
            await fixture.EnsureRunningAsync("api");
        }

        // A write through the edge evicts before its answer arrives: the next read shows it.
        var viaEdge = RestService.For<IVenvidApi>(fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web"));
        Assert.Equal(HttpStatusCode.OK, (await edge.GetAsync(path)).StatusCode);
        var renamed = await viaEdge.UpdateVideoAsync(video, owner.AccessToken, new UpdateVideoRequest("After the edit", null, null));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("After the edit", (await edge.GetFromJsonAsync<VideoDto>(path))!.Title);

        // A write that never passed this edge (another region, the worker) is announced on Redis: gone well before
        // the entry would expire (10 s).
        Assert.Equal(HttpStatusCode.OK, (await edge.GetAsync(path)).StatusCode);
        var hidden = await owner.Api.UpdateVideoAsync(video, owner.AccessToken, new UpdateVideoRequest(null, null, Visibilities.Private));
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        var clock = Stopwatch.StartNew();
        while ((await edge.GetAsync(path)).StatusCode != HttpStatusCode.NotFound)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), "the private video was still served from the edge's cache");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_signed_in_answer_is_never_served_to_anyone_else()
    {
        var owner = await fixture.SignUpAsync();
        var viewer = await fixture.SignUpAsync();
        var hidden = await fixture.SeedVideoAsync(owner.User.Id, visibility: Visibilities.Private);
        var shown = await fixture.SeedVideoAsync(owner.User.Id);
        using var ownerEdge = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        ownerEdge.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.AccessToken);
        using var viewerEdge = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        viewerEdge.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", viewer.AccessToken);
        using var anonymous = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");

        // The uploader's own private video, then the same address anonymously and as someone else.
        using var own = await ownerEdge.GetAsync($"/api/videos/{hidden}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        AssertPrivate(own, "the uploader's private video");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/videos/{hidden}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewerEdge.GetAsync($"/api/videos/{hidden}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownerEdge.GetAsync("/api/users/me/videos")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users/me/videos")).StatusCode);

        // likedByMe: the anonymous copy is cached, the liker still sees their like, others never do.
        Assert.False((await anonymous.GetFromJsonAsync<VideoDto>($"/api/videos/{shown}"))!.LikedByMe);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Api.LikeAsync(shown, viewer.AccessToken)).StatusCode);
        Assert.True((await viewerEdge.GetFromJsonAsync<VideoDto>($"/api/videos/{shown}"))!.LikedByMe);
        Assert.False((await ownerEdge.GetFromJsonAsync<VideoDto>($"/api/videos/{shown}"))!.LikedByMe);
        Assert.False((await anonymous.GetFromJsonAsync<VideoDto>($"/api/videos/{shown}"))!.LikedByMe);
    }

    [Fact]
    public async Task Text_is_compressed_on_the_fly_the_front_end_arrives_precompressed_and_each_encoding_has_its_own_tag()
    {
        using var edge = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");

        using var identity = await edge.GetAsync("/api/videos?limit=20");
        var plain = await identity.Content.ReadAsByteArrayAsync();
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        var identityTag = identity.Headers.ETag!;
        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/videos?limit=20");
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var compressed = await edge.SendAsync(request);
            Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
            Assert.Equal(plain, Decode(encoding, await compressed.Content.ReadAsByteArrayAsync()));

            // A representation of its own, with a strong tag of its own that revalidates (RFC 9110 §8.8.3).
            var tag = compressed.Headers.ETag!;
            Assert.False(tag.IsWeak);
            Assert.Equal(identityTag.Tag[..^1] + "." + encoding + "\"", tag.Tag);
            await AssertRevalidatesAsync(edge, "/api/videos?limit=20", encoding, tag);
        }

        // The edge's cache keeps the origin's tag: identity answers from it still carry that one, and revalidate.
        using var again = await edge.GetAsync("/api/videos?limit=20");
        Assert.Equal(identityTag, again.Headers.ETag);
        await AssertRevalidatesAsync(edge, "/api/videos?limit=20", null, identityTag);

        // Sign-in answers hold tokens: never compressed (BREACH).
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new LoginRequest("nobody-" + Guid.NewGuid().ToString("n")[..8], "wrong-password-here")),
        };
        login.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var refused = await edge.SendAsync(login);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(refused.Content.Headers.ContentEncoding);

        // The front end: every script and stylesheet the page names exists compressed at build time.
        var index = await edge.GetStringAsync("/");
        var assets = AssetReference().Matches(index).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            using var plainAsset = await edge.GetAsync(asset);
            var original = await plainAsset.Content.ReadAsByteArrayAsync();
            var tags = new HashSet<string> { plainAsset.Headers.ETag!.Tag };
            foreach (var encoding in new[] { "br", "gzip" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, asset);
                request.Headers.AcceptEncoding.ParseAdd(encoding);
                using var response = await edge.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
                Assert.Contains("Accept-Encoding", response.Headers.Vary);
                Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
                Assert.Equal(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(original, Decode(encoding, await response.Content.ReadAsByteArrayAsync()));
                Assert.EndsWith("." + encoding + "\"", response.Headers.ETag!.Tag, StringComparison.Ordinal);
                await AssertRevalidatesAsync(edge, asset, encoding, response.Headers.ETag);
                tags.Add(response.Headers.ETag.Tag);
            }

            Assert.Equal(3, tags.Count);
            Assert.Equal(HttpStatusCode.NotFound, (await edge.GetAsync(asset + ".br")).StatusCode);
        }
    }

    private static async Task AssertRevalidatesAsync(HttpClient client, string path, string? encoding, EntityTagHeaderValue tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }

        request.Headers.IfNoneMatch.Add(tag);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.NotModified, $"{path} ({encoding ?? "identity"}, {tag}): {response.StatusCode}");
        Assert.Equal(tag, response.Headers.ETag);
    }

    private static void AssertPublic(HttpResponseMessage response, string what)
    {
        var cacheControl = response.Headers.CacheControl;
        Assert.NotNull(cacheControl);
        Assert.True(cacheControl.Public, $"{what}: {cacheControl}");
        Assert.False(cacheControl.Private || cacheControl.NoStore, $"{what}: {cacheControl}");
        Assert.InRange(cacheControl.MaxAge!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Contains(cacheControl.Extensions, e => e.Name == "stale-while-revalidate" && int.Parse(e.Value!) > 0);
    }

    private static void AssertPrivate(HttpResponseMessage response, string what)
    {
        var cacheControl = response.Headers.CacheControl;
        Assert.True(cacheControl is { Private: true, NoStore: true, Public: false }, $"{what}: Cache-Control {cacheControl}");
        Assert.Null(response.Headers.ETag);
    }

    private static byte[] Decode(string encoding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("^\"[A-Za-z0-9_-]{22}\"$")]
    private static partial Regex StrongTag();

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+\\.(?:js|css))\"")]
    private static partial Regex AssetReference();
}
