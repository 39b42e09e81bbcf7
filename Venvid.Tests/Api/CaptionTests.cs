using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Venvid.Contracts;
using Venvid.Tests.Media;
using Venvid.Tests.Support;

namespace Venvid.Tests.Api;

/// <summary>Captions through the API on a really processed video: files stored, listed on the video and in its HLS.</summary>
[Collection(VenvidCollection.Name)]
public sealed class CaptionTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestMedia _media = new();

    private const string Srt = "1\r\n00:00:00,500 --> 00:00:02,000\r\nHello, captions\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,500\r\nSecond <b>cue</b>\r\n";

    [Fact]
    public async Task The_uploader_adds_replaces_and_removes_captions_and_the_master_playlist_follows()
    {
        var owner = await fixture.SignUpAsync();
        var video = await ProcessedVideoAsync(owner);

        var english = await PutAsync(owner, video.Id, "EN", Srt, "application/x-subrip");
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        var caption = (await english.Content.ReadFromJsonAsync<CaptionDto>(JsonSerializerOptions.Web))!;
        Assert.Equal(("en", "English"), (caption.Language, caption.Label));
        using var web = fixture.CreateClient("web");
        // Cue time 0 is where the segments' timeline starts (ffmpeg's first PTS), so HLS clients place cues right.
        var pts = await FirstSegmentStartTicksAsync(video, web);
        Assert.Equal($"WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{pts},LOCAL:00:00:00.000\n\n00:00:00.500 --> 00:00:02.000\nHello, captions\n\n00:00:02.000 --> 00:00:03.500\nSecond <b>cue</b>\n",
            await GetMediaAsync(caption.Url));

        var french = await PutAsync(owner, video.Id, "fr-ca", "WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour\n", "text/vtt", label: "Français (Canada)");
        Assert.Equal(HttpStatusCode.OK, french.StatusCode);

        var listed = (await owner.Api.GetVideoAsync(video.Id, owner.AccessToken)).Content!;
        Assert.Equal([("en", "English"), ("fr-CA", "Français (Canada)")], listed.Captions.Select(c => (c.Language, c.Label)));
        var master = await GetMediaAsync(listed.PlaybackUrl!);
        var media = master.Split('\n').Where(l => l.StartsWith("#EXT-X-MEDIA:TYPE=SUBTITLES", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, media.Count);
        Assert.Contains("LANGUAGE=\"en\"", media[0], StringComparison.Ordinal);
        Assert.Contains("NAME=\"Français (Canada)\"", media[1], StringComparison.Ordinal);
        var streams = master.Split('\n').Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(streams);
        Assert.All(streams, s => Assert.Contains("SUBTITLES=\"subs\"", s, StringComparison.Ordinal));

        // The subtitle rendition's playlist: one WebVTT segment as long as the video, complete.
        var uri = System.Text.RegularExpressions.Regex.Match(media[0], "URI=\"([^\"]+)\"").Groups[1].Value;
        var subtitles = await GetMediaAsync(listed.PlaybackUrl!.Replace("master.m3u8", uri, StringComparison.Ordinal));
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", subtitles, StringComparison.Ordinal);
        Assert.Contains(caption.Url.Split('/')[^1], subtitles, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-ENDLIST\n", subtitles, StringComparison.Ordinal);

        // A strict parser nobody here wrote (hls-parser) reads the whole presentation, with the Authoring
        // Specification's rules Safari enforces: renditions with LANGUAGE and NAME, groups that resolve, VOD complete.
        var (exitCode, output) = await ValidatorTools.RunAsync("hls-validate", ["--complete", new Uri(web.BaseAddress!, listed.PlaybackUrl).AbsoluteUri]);
        Assert.True(exitCode == 0, output);
        Assert.Contains(" playlist(s) checked, 0 problem(s)", output, StringComparison.Ordinal);

        // Replacing a language gives it a new file (media is cached as immutable); deleting drops it everywhere.
        var replaced = (await (await PutAsync(owner, video.Id, "en", "WEBVTT\n\n00:00.000 --> 00:01.000\nNew text\n", "text/vtt")).Content.ReadFromJsonAsync<CaptionDto>(JsonSerializerOptions.Web))!;
        Assert.NotEqual(caption.Url, replaced.Url);
        Assert.Contains("New text", await GetMediaAsync(replaced.Url), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(owner, HttpMethod.Delete, $"/api/videos/{video.Id}/captions/fr-CA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(owner, HttpMethod.Delete, $"/api/videos/{video.Id}/captions/fr-CA")).StatusCode);
        var after = (await owner.Api.GetVideoAsync(video.Id, owner.AccessToken)).Content!;
        Assert.Equal(["en"], after.Captions.Select(c => c.Language));
        var republished = await GetMediaAsync(after.PlaybackUrl!);
        Assert.Single(republished.Split('\n'), l => l.StartsWith("#EXT-X-MEDIA:TYPE=SUBTITLES", StringComparison.Ordinal));
        Assert.DoesNotContain("fr-CA", republished, StringComparison.Ordinal);

        // Only the uploader writes.
        var stranger = await fixture.SignUpAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(stranger, video.Id, "de", Srt, "application/x-subrip")).StatusCode);
        using var anonymous = new HttpRequestMessage(HttpMethod.Put, $"/api/videos/{video.Id}/captions/de") { Content = Body(Srt, "application/x-subrip") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.SendAsync(anonymous)).StatusCode);
    }

    [Fact]
    public async Task Bad_caption_uploads_are_problems_that_say_what_is_wrong()
    {
        var owner = await fixture.SignUpAsync();
        var video = await ProcessedVideoAsync(owner);

        await ExpectProblemAsync(await PutAsync(owner, video.Id, "en", "WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nb\n\n00:00:01.000 --> 00:00:02.000\na\n", "text/vtt"),
            HttpStatusCode.UnprocessableEntity, "Line 6: cues are out of order");
        await ExpectProblemAsync(await PutAsync(owner, video.Id, "en", "WEBVTT\n\n00:00:01.000 --> 00:05:00.000\ntoo long\n", "text/vtt"),
            HttpStatusCode.UnprocessableEntity, "after the video's end");
        await ExpectProblemAsync(await PutAsync(owner, video.Id, "xx", Srt, "application/x-subrip"), HttpStatusCode.BadRequest, "language");
        await ExpectProblemAsync(await PutAsync(owner, video.Id, "en", Srt, "application/json"), HttpStatusCode.UnsupportedMediaType, "text/vtt");
        await ExpectProblemAsync(await PutAsync(owner, video.Id, "en", "WEBVTT\n\n" + new string('x', 1024 * 1024), "text/vtt"), HttpStatusCode.RequestEntityTooLarge, "bytes");
        var notReady = await fixture.SeedVideoAsync(owner.User.Id, status: VideoStatuses.Processing);
        await ExpectProblemAsync(await PutAsync(owner, notReady, "en", Srt, "application/x-subrip"), HttpStatusCode.Conflict, "processed");

        // Nothing was stored by the refused uploads.
        Assert.Empty((await owner.Api.GetVideoAsync(video.Id, owner.AccessToken)).Content!.Captions);
    }

    /// <summary>A short clip uploaded and processed by the real pipeline (master playlist and all) for this test.</summary>
    private async Task<VideoDto> ProcessedVideoAsync(SignedIn owner)
    {
        var path = await _media.VideoAsync("captioned.mp4", 320, 180, 4);
        using var posted = await owner.PostSimpleAsync(path, "Captioned " + Guid.NewGuid().ToString("n")[..6]);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var created = (await posted.Content.ReadFromJsonAsync<VideoDto>(JsonSerializerOptions.Web))!;
        return await owner.WaitForAsync(created.Id, VideoStatuses.Ready);
    }

    /// <summary>ffprobe's start time of the lowest rendition's first segment, in 90 kHz ticks.</summary>
    private async Task<long> FirstSegmentStartTicksAsync(VideoDto video, HttpClient web)
    {
        var rendition = video.Renditions.OrderBy(r => r.Height).First().Name;
        var playlistUrl = video.PlaybackUrl!.Replace("master.m3u8", $"{rendition}/index.m3u8", StringComparison.Ordinal);
        var first = (await web.GetStringAsync(playlistUrl)).Split('\n').First(l => l.Length > 0 && !l.StartsWith('#')).Trim();
        var path = _media.PathOf("first.ts");
        await File.WriteAllBytesAsync(path, await web.GetByteArrayAsync(playlistUrl.Replace("index.m3u8", first, StringComparison.Ordinal)));
        var seconds = await TestMedia.RunAsync("ffprobe", $"-v error -show_entries format=start_time -of csv=p=0 \"{path}\"");
        var ticks = (long)Math.Round(double.Parse(seconds.Trim(), System.Globalization.CultureInfo.InvariantCulture) * 90_000);
        return ticks;
    }

    private static async Task<HttpResponseMessage> PutAsync(SignedIn user, string videoId, string language, string body, string contentType, string? label = null)
    {
        var path = $"/api/videos/{videoId}/captions/{language}" + (label is null ? "" : "?label=" + Uri.EscapeDataString(label));
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Body(body, contentType) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return await user.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(SignedIn user, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return await user.Http.SendAsync(request);
    }

    private static ByteArrayContent Body(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A media file of the (public) video through the web host, as any viewer's player fetches it.</summary>
    private async Task<string> GetMediaAsync(string url)
    {
        using var web = fixture.CreateClient("web");
        using var response = await web.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _media.Dispose();
}
