using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>Whatever a client sends, the answer is a 4xx problem document — never a 500, never a hang.</summary>
[Collection(VenvidCollection.Name)]
public sealed class BadInputTests(VenvidAppFixture fixture)
{
    /// <summary>Every endpoint that takes a JSON body (ids that don't exist are fine: the body is checked first or the id 404s).</summary>
    public static TheoryData<string, string> JsonEndpoints => new()
    {
        { "POST", "/api/auth/register" },
        { "POST", "/api/auth/login" },
        { "POST", "/api/auth/refresh" },
        { "POST", "/api/auth/logout" },
        { "PUT", "/api/users/me" },
        { "PUT", "/api/videos/AAAAAAAAAAAA" },
        { "POST", "/api/uploads" },
        { "POST", "/api/uploads/AAAAAAAAAAAAAAAAAAAAAA/parts" },
        { "POST", "/api/uploads/AAAAAAAAAAAAAAAAAAAAAA/complete" },
    };

    public static TheoryData<string> Bodies => ["malformed", "wrong-types", "invalid-utf8", "overlong-strings", "deeply-nested", "huge"];

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task Json_endpoints_answer_bad_bodies_with_problem_details(string method, string path)
    {
        var user = await fixture.SignUpAsync();
        foreach (var body in Bodies)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            using var response = await user.Http.SendAsync(request);

            var status = (int)response.StatusCode;
            Assert.True(status is 400 or 404 or 413 or 422 or 429, $"{method} {path} with a {body} body answered {status}: {await response.Content.ReadAsStringAsync()}");
            if (body == "huge")
            {
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            }

            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/api/videos?limit=-1")]
    [InlineData("/api/videos?limit=0")]
    [InlineData("/api/videos?limit=101")]
    [InlineData("/api/videos?limit=99999999999999999999")]
    [InlineData("/api/videos?limit=ten")]
    [InlineData("/api/videos?cursor=%00%FF")]
    [InlineData("/api/videos?cursor=bm90LWEtY3Vyc29y")]
    [InlineData("/api/videos?sort=random")]
    public async Task Bad_paging_values_are_400(string url)
    {
        using var response = await fixture.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/videos/nope")]
    [InlineData("/api/videos/%E2%98%83%E2%98%83")]
    [InlineData("/api/videos/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/videos/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/api/uploads/nope")]
    public async Task Unknown_or_malformed_ids_are_404(string url)
    {
        var user = await fixture.SignUpAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var response = await user.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Markup_in_titles_is_stored_and_returned_as_plain_text()
    {
        var user = await fixture.SignUpAsync();
        const string title = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, new byte[1000]);
        try
        {
            var upload = await user.StartAsync(path, title);
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var video = await user.Api.GetVideoAsync(upload.Content!.VideoId, user.AccessToken);
            Assert.Equal(title, video.Content!.Title);
            Assert.Equal("application/json", video.ContentHeaders!.ContentType!.MediaType);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_web_host_sends_browser_hardening_headers()
    {
        using var response = await fixture.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Raw_uploads_are_never_served_by_the_media_proxy()
    {
        var user = await fixture.SignUpAsync();
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, new byte[1000]);
        try
        {
            var video = await user.UploadAsync(path, "Raw source");
            Assert.NotNull(await fixture.TryReadStorageObjectAsync($"uploads/{video.Id}/source"));
            using var response = await fixture.CreateClient().GetAsync($"/media/uploads/{video.Id}/source");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("\u0000")] // cannot be stored in Postgres text at all: was a 500
    [InlineData("\u0007")]
    [InlineData("\u009B")] // C1: the terminal escape
    public async Task Control_characters_are_refused_wherever_text_is_taken_and_nothing_is_stored(string control)
    {
        var user = await fixture.SignUpAsync();
        var video = await fixture.SeedVideoAsync(user.User.Id, title: "Kept title");
        var playlist = (await user.Api.CreatePlaylistAsync(user.AccessToken, new CreatePlaylistRequest("Kept list", null, Visibilities.Public))).Content!;
        var bad = "a" + control + "b";

        (string Method, string Path, HttpContent? Body, string Field)[] cases =
        [
            ("PUT", "/api/users/me", JsonContent.Create(new { displayName = bad }), "displayName"),
            ("PUT", "/api/users/me", JsonContent.Create(new { bio = bad }), "bio"),
            ("POST", "/api/playlists", JsonContent.Create(new { title = bad, visibility = Visibilities.Public }), "title"),
            ("PUT", $"/api/playlists/{playlist.Id}", JsonContent.Create(new { description = bad }), "description"),
            ("POST", $"/api/playlists/{playlist.Id}/items", JsonContent.Create(new { videoId = bad }), "videoId"),
            ("POST", $"/api/videos/{video}/comments", JsonContent.Create(new { text = bad }), "text"),
            ("PUT", $"/api/videos/{video}", JsonContent.Create(new { title = bad }), "title"),
            ("POST", "/api/uploads", JsonContent.Create(new { fileName = bad + ".mp4", title = "Fine", size = 1000, contentType = "video/mp4" }), "fileName"),
            ("POST", "/api/auth/register", JsonContent.Create(new { email = "x@example.com", username = "someone", password = "long enough " + bad }), "password"),
            // The name itself is answered without the control character.
            ("PUT", "/api/users/me", JsonContent.Create(new Dictionary<string, string> { ["bio" + control] = "fine" }), "bio "),
            ("GET", "/api/videos?q=" + Uri.EscapeDataString(bad), null, "q"),
            ("GET", "/api/videos?uploader=" + Uri.EscapeDataString(bad), null, "uploader"),
            ("GET", "/api/channels?q=" + Uri.EscapeDataString(bad), null, "q"),
            ("GET", "/api/playlists?q=" + Uri.EscapeDataString(bad), null, "q"),
            ("GET", "/api/search/suggestions?q=" + Uri.EscapeDataString(bad), null, "q"),
            ("PUT", $"/api/videos/{video}/captions/en?label=" + Uri.EscapeDataString(bad),
                new StringContent("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n", Encoding.UTF8, "text/vtt"), "label"),
        ];
        foreach (var (method, path, body, field) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
            using var response = await user.Http.SendAsync(request);
            await AssertNamesTheFieldAsync(response, $"{method} {path}", field);
        }

        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, new byte[1000]);
        try
        {
            using var form = await user.PostSimpleAsync(file, bad);
            await AssertNamesTheFieldAsync(form, "a simple upload", "title");
        }
        finally
        {
            File.Delete(file);
        }

        // Nothing of it was stored.
        var me = (await user.Api.GetMeAsync(user.AccessToken)).Content!;
        Assert.Null(me.DisplayName);
        Assert.True(string.IsNullOrEmpty(me.Bio));
        Assert.Equal("Kept title", (await user.Api.GetVideoAsync(video, user.AccessToken)).Content!.Title);
        Assert.Single((await user.Api.GetMyVideosAsync(user.AccessToken)).Content!.Items);
        Assert.Empty((await user.Api.GetCommentsAsync(video)).Content!.Items);
        var kept = (await user.Api.GetPlaylistAsync(playlist.Id, user.AccessToken)).Content!;
        Assert.Equal(("Kept list", "", 0), (kept.Title, kept.Description, kept.VideoCount));

        // Tab and line breaks are text.
        var multiline = "line one\nline two\r\n\tindented";
        using var fine = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/users/me")
        {
            Content = JsonContent.Create(new { bio = multiline }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken) },
        });
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal(multiline, (await user.Api.GetMeAsync(user.AccessToken)).Content!.Bio);
    }

    private static async Task AssertNamesTheFieldAsync(HttpResponseMessage response, string what, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"{what}: {text}");
        Assert.Equal(TextRules.Message, messages[0].GetString());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _), $"{what}: no traceId in {text}");
    }

    /// <summary>Every field any endpoint reads, each holding bytes that are not UTF-8.</summary>
    private static byte[] InvalidUtf8InEveryField()
    {
        byte[] invalid = [0xC3, 0x28, 0xFF];
        var body = new List<byte>("{"u8.ToArray());
        string[] fields = ["email", "username", "password", "login", "refreshToken", "displayName", "bio", "title", "description", "visibility", "fileName", "contentType"];
        for (var i = 0; i < fields.Length; i++)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"{(i > 0 ? "," : "")}\"{fields[i]}\": \""));
            body.AddRange(invalid);
            body.AddRange("\""u8.ToArray());
        }

        body.AddRange("}"u8.ToArray());
        return [.. body];
    }

    private static HttpContent Body(string kind)
    {
        var bytes = kind switch
        {
            "malformed" => "{\"title\": \"unterminated"u8.ToArray(),
            "wrong-types" => """{"email": 1, "username": [], "password": {}, "login": true, "refreshToken": 5, "displayName": 7, "title": false, "sizeBytes": "big", "partNumbers": "1", "parts": 3, "fileName": null}"""u8.ToArray(),
            "invalid-utf8" => InvalidUtf8InEveryField(),
            "overlong-strings" => Encoding.UTF8.GetBytes($$"""{"email": "{{new string('a', 5000)}}@x.y", "username": "{{new string('u', 5000)}}", "password": "{{new string('p', 5000)}}", "login": "{{new string('l', 5000)}}", "refreshToken": "{{new string('r', 5000)}}", "displayName": "{{new string('d', 5000)}}", "bio": "{{new string('b', 50000)}}", "title": "{{new string('t', 5000)}}", "fileName": "{{new string('f', 5000)}}", "contentType": "video/mp4", "sizeBytes": 10, "partNumbers": [1], "parts": [{"partNumber": 1, "etag": "{{new string('e', 5000)}}"}]}"""),
            "deeply-nested" => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
            _ => Encoding.UTF8.GetBytes("{\"title\": \"" + new string('x', 8 * 1024 * 1024) + "\"}"),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
