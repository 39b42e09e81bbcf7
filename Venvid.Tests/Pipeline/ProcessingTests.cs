using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Pipeline;

/// <summary>From upload to adaptive stream: the worker claims the job, validates, transcodes and publishes through the web host.</summary>
[Collection(VenvidCollection.Name)]
public sealed class ProcessingTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task Uploaded_video_becomes_an_adaptive_stream_playable_through_the_web_host()
    {
        var user = await fixture.SignUpAsync();
        var path = await _media.GenerateAsync(1280, 720, seconds: 10);

        var queued = await user.UploadAsync(path, "Landscape with sound");
        var video = await user.WaitForAsync(queued.Id, VideoStatuses.Ready);

        Assert.Equal(["240p", "360p", "480p", "720p"], video.Renditions.Select(r => r.Name));
        Assert.All(video.Renditions, r => Assert.True(r.Ready));
        Assert.Equal((1280, 720), (video.Width, video.Height));
        Assert.InRange(video.DurationSeconds!.Value, 9.5, 10.5);
        Assert.Equal(100, video.Progress);
        Assert.NotNull(video.PublishedAt);

        var web = fixture.CreateClient();
        using var master = await web.GetAsync(video.PlaybackUrl);
        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        var masterText = await master.Content.ReadAsStringAsync();
        Assert.StartsWith("#EXTM3U", masterText);
        foreach (var rendition in video.Renditions)
        {
            Assert.Contains($"RESOLUTION={rendition.Width}x{rendition.Height}", masterText);

            // A real player's view: ffprobe reads each rendition over HTTP through the web host.
            var url = new Uri(web.BaseAddress!, video.PlaybackUrl!.Replace("master.m3u8", $"{rendition.Name}/index.m3u8", StringComparison.Ordinal));
            var probe = await ProbeAsync(url);
            var stream = probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video");
            Assert.Equal(rendition.Height, stream.GetProperty("height").GetInt32());
            Assert.Equal("h264", stream.GetProperty("codec_name").GetString());
            Assert.Contains(probe.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_type").GetString() == "audio");
        }

        using var segment = await web.GetAsync(SegmentUrl(video.PlaybackUrl!, "240p", await web.GetStringAsync(video.PlaybackUrl!.Replace("master.m3u8", "240p/index.m3u8", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.Contains("immutable", segment.Headers.CacheControl?.ToString());

        using var thumbnail = await web.GetAsync(video.ThumbnailUrl);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        Assert.Equal([320, 320, 640, 640, 1280, 1280], video.Thumbnails.Select(t => t.Width));
        foreach (var size in video.Thumbnails)
        {
            using var image = await web.GetAsync(size.Url);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal(size.Type, image.Content.Headers.ContentType?.MediaType);
            Assert.Equal(size.Width * 9 / 16, size.Height);
        }

        // Playlists travel compressed; segments (already compressed video) do not.
        using var compressedMaster = new HttpRequestMessage(HttpMethod.Get, video.PlaybackUrl);
        compressedMaster.Headers.AcceptEncoding.ParseAdd("gzip");
        using var gzipped = await web.SendAsync(compressedMaster);
        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.Contains("#EXT-X-I-FRAME-STREAM-INF:", await new StreamReader(new System.IO.Compression.GZipStream(await gzipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress)).ReadToEndAsync());

        var storyboard = await web.GetStringAsync(video.StoryboardUrl);
        Assert.StartsWith("WEBVTT", storyboard);
        Assert.Contains("#xywh=", storyboard);

        // One job, one set of outputs.
        var keys = await fixture.ListStorageKeysAsync($"videos/{video.Id}/");
        Assert.Single(keys.Select(k => k.Split('/')[2]).Distinct());
    }

    [Fact]
    public async Task Phone_video_without_audio_keeps_its_portrait_orientation_and_streams_live_status()
    {
        var user = await fixture.SignUpAsync();
        var path = await _media.GenerateAsync(640, 360, seconds: 60, audio: false, rotation: 90, videoKbps: 400);

        using var posted = await user.PostSimpleAsync(path, "Portrait, silent, one minute");
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var queued = JsonSerializer.Deserialize<VideoDto>(await posted.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        // Acknowledged means queued; a worker may already have claimed it by the time the answer is written.
        Assert.Contains(queued.Status, new[] { VideoStatuses.Queued, VideoStatuses.Processing });

        // The uploader watches processing as server-sent events until the video is ready.
        var statuses = await ReadEventsAsync(user, queued.Id);
        Assert.Equal(VideoStatuses.Ready, statuses[^1].Status);
        Assert.Contains(statuses, s => s.Status == VideoStatuses.Processing);

        var video = await user.WaitForAsync(queued.Id, VideoStatuses.Ready);
        Assert.Equal((360, 640), (video.Width, video.Height));
        Assert.InRange(video.DurationSeconds!.Value, 59.5, 60.5);
        Assert.Equal(["240p", "360p"], video.Renditions.Select(r => r.Name));
        Assert.All(video.Renditions, r => Assert.True(r.Height > r.Width, $"{r.Name} is {r.Width}x{r.Height}"));

        var url = new Uri(fixture.CreateClient().BaseAddress!, video.PlaybackUrl!.Replace("master.m3u8", "360p/index.m3u8", StringComparison.Ordinal));
        var probe = await ProbeAsync(url);
        var streams = probe.GetProperty("streams").EnumerateArray().ToList();
        Assert.DoesNotContain(streams, s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.Equal(640, streams.Single().GetProperty("height").GetInt32());
    }

    [Theory]
    [InlineData("text")]
    [InlineData("truncated")]
    [InlineData("hls-local-file")]
    public async Task Broken_or_hostile_files_fail_with_a_reason_and_leave_no_output(string kind)
    {
        var user = await fixture.SignUpAsync();
        var path = kind switch
        {
            "text" => _media.WriteFile("notes.mp4", "This is a shopping list, not a video.\n"u8.ToArray()),
            "truncated" => await TruncatedAsync(),
            _ => _media.WriteFile("playlist.mp4", System.Text.Encoding.ASCII.GetBytes(
                "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n")),
        };

        using var posted = await user.PostSimpleAsync(path, $"Bad input: {kind}");
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var queued = JsonSerializer.Deserialize<VideoDto>(await posted.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;

        var failed = await user.WaitForAsync(queued.Id, VideoStatuses.Failed);
        Assert.False(string.IsNullOrWhiteSpace(failed.FailureReason));
        Assert.Null(failed.PlaybackUrl);
        Assert.Empty(await fixture.ListStorageKeysAsync($"videos/{queued.Id}/"));

        async Task<string> TruncatedAsync()
        {
            var whole = await File.ReadAllBytesAsync(await _media.GenerateAsync(320, 240, seconds: 4));
            return _media.WriteFile("truncated.mp4", whole[..(whole.Length / 3)]);
        }
    }

    private static async Task<IReadOnlyList<VideoDto>> ReadEventsAsync(SignedIn user, string videoId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/videos/{videoId}/events?access_token={user.AccessToken}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var response = await user.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var snapshots = new List<VideoDto>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                try
                {
                    snapshots.Add(JsonSerializer.Deserialize<VideoDto>(line["data:".Length..], JsonSerializerOptions.Web)!);
                }
                catch (JsonException e)
                {
                    throw new InvalidOperationException($"Unexpected event data: {line}", e);
                }
            }
        }

        return snapshots;
    }

    private static async Task<JsonElement> ProbeAsync(Uri url)
    {
        var json = await TestVideos.RunAsync("ffprobe", $"-v error -print_format json -show_streams -show_format \"{url}\"");
        return JsonDocument.Parse(json).RootElement;
    }

    private static string SegmentUrl(string playbackUrl, string rendition, string playlist) =>
        playbackUrl.Replace("master.m3u8", $"{rendition}/{playlist.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal))}", StringComparison.Ordinal);

    public void Dispose() => _media.Dispose();
}
