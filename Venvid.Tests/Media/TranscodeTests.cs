using System.Globalization;
using System.Text.Json;
using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

/// <summary>The single-pass transcoder against the real ffmpeg on generated clips.</summary>
public sealed class TranscodeTests : IDisposable
{
    private readonly TestMedia _media = new();

    [Fact]
    public async Task Six_second_clip_becomes_an_hls_ladder_with_four_second_segments_and_a_storyboard()
    {
        var source = await _media.VideoAsync("source.mp4", 854, 480, 6);
        var (output, probe, ladder) = await TranscodeAsync(source);

        Assert.Equal(["240p", "360p", "480p"], ladder.Select(r => r.Name));
        foreach (var rung in ladder)
        {
            var playlist = await File.ReadAllTextAsync(Path.Combine(output, rung.Name, HlsTranscoder.VariantPlaylist));
            Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT", playlist);
            Assert.EndsWith("#EXT-X-ENDLIST\n", playlist);
            var durations = SegmentDurations(playlist);
            Assert.Equal(2, durations.Count);
            Assert.Equal(4.0, durations[0], 0.05);
            Assert.Equal(2.0, durations[1], 0.1);
            Assert.Empty(Directory.GetFiles(Path.Combine(output, rung.Name), "*.tmp"));

            var streams = await ProbeStreamsAsync(Path.Combine(output, rung.Name, HlsTranscoder.VariantPlaylist));
            Assert.Contains(streams, s => s.Type == "video" && s.Codec == "h264" && s.Width == rung.Width && s.Height == rung.Height);
            Assert.Contains(streams, s => s.Type == "audio" && s.Codec == "aac");
        }

        Assert.Equal(6, probe.DurationSeconds, 0.2);
        var sprite = await ProbeStreamsAsync(Path.Combine(output, HlsTranscoder.StoryboardImage));
        var storyboard = Storyboard.For(probe.DurationSeconds, probe.DisplayWidth, probe.DisplayHeight);
        Assert.Equal((storyboard.Columns * storyboard.TileWidth, storyboard.Rows * storyboard.TileHeight), (sprite[0].Width, sprite[0].Height));
    }

    [Fact]
    public async Task Rotated_portrait_video_without_audio_is_transcoded_upright()
    {
        var upright = await _media.VideoAsync("upright.mp4", 640, 360, 3, audio: false);
        var rotated = await _media.GenerateAsync("rotated.mp4", $"-i \"{upright}\" -c copy -metadata:s:v:0 rotate=90");

        var (output, probe, ladder) = await TranscodeAsync(rotated);

        Assert.Equal((360, 640, false), (probe.DisplayWidth, probe.DisplayHeight, probe.HasAudio));
        Assert.Equal([(240, 426), (360, 640)], ladder.Select(r => (r.Width, r.Height)));
        var streams = await ProbeStreamsAsync(Path.Combine(output, "360p", HlsTranscoder.VariantPlaylist));
        var video = Assert.Single(streams);
        Assert.Equal(("video", 360, 640), (video.Type, video.Width, video.Height));
    }

    [Fact]
    public async Task Poster_is_a_jpeg_at_most_1280_wide()
    {
        var source = await _media.VideoAsync("wide.mp4", 1920, 1080, 2, audio: false);
        var probe = await TestMedia.Prober().ProbeAsync(source, CancellationToken.None);
        var output = Directory.CreateDirectory(_media.PathOf("poster")).FullName;

        var poster = await TestMedia.Transcoder().ExtractPosterAsync(source, output, probe, CancellationToken.None);

        var image = Assert.Single(await ProbeStreamsAsync(poster));
        Assert.Equal(("mjpeg", 1280, 720), (image.Codec, image.Width, image.Height));
    }

    [Fact]
    public async Task Cancelling_stops_ffmpeg_before_the_ladder_is_done()
    {
        var source = await _media.VideoAsync("long.mp4", 1280, 720, 30, audio: false);
        var probe = await TestMedia.Prober().ProbeAsync(source, CancellationToken.None);
        var output = Directory.CreateDirectory(_media.PathOf("cancelled")).FullName;
        using var cts = new CancellationTokenSource();

        var ladder = Ladder.For(probe.DisplayWidth, probe.DisplayHeight);
        var transcode = TestMedia.Transcoder("medium").TranscodeAsync(
            source, output, probe, ladder,
            Storyboard.For(probe.DurationSeconds, probe.DisplayWidth, probe.DisplayHeight), _ => { }, cts.Token);
        await TestMedia.WaitUntilAsync(() => TestMedia.FfmpegWritingTo(output).Count > 0, TimeSpan.FromSeconds(30), "ffmpeg to start");
        await cts.CancelAsync();

        // Bounded only so that a hang fails; an unfinished ladder is what shows ffmpeg was stopped, not how fast.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transcode.WaitAsync(TimeSpan.FromMinutes(1)));
        await TestMedia.WaitUntilAsync(() => TestMedia.FfmpegWritingTo(output).Count == 0, TimeSpan.FromSeconds(10), "ffmpeg to stop");
        // ffmpeg told to stop still closes its playlists (ENDLIST), so what was encoded is counted instead.
        var top = Path.Combine(output, ladder[^1].Name, HlsTranscoder.VariantPlaylist);
        var encoded = File.Exists(top) ? SegmentDurations(await File.ReadAllTextAsync(top)).Sum() : 0;
        Assert.True(encoded < probe.DurationSeconds - 4, $"{encoded:0.0} s of {probe.DurationSeconds:0.0} s encoded: it was not stopped");
    }

    private async Task<(string Output, ProbeResult Probe, IReadOnlyList<Rung> Ladder)> TranscodeAsync(string source)
    {
        var probe = await TestMedia.Prober().ProbeAsync(source, CancellationToken.None);
        var ladder = Ladder.For(probe.DisplayWidth, probe.DisplayHeight);
        var output = Directory.CreateDirectory(_media.PathOf("out-" + Path.GetFileNameWithoutExtension(source))).FullName;
        var progress = new List<double>();
        await TestMedia.Transcoder().TranscodeAsync(
            source, output, probe, ladder, Storyboard.For(probe.DurationSeconds, probe.DisplayWidth, probe.DisplayHeight),
            progress.Add, CancellationToken.None);
        return (output, probe, ladder);
    }

    private static List<double> SegmentDurations(string playlist) => playlist.Split('\n')
        .Where(line => line.StartsWith("#EXTINF:", StringComparison.Ordinal))
        .Select(line => double.Parse(line["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture))
        .ToList();

    private sealed record StreamInfo(string Type, string Codec, int Width, int Height);

    private static async Task<List<StreamInfo>> ProbeStreamsAsync(string path)
    {
        var json = await TestMedia.RunAsync(TestMedia.Tools.FfprobePath!, $"-v error -print_format json -show_streams \"{path}\"");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new StreamInfo(
            s.GetProperty("codec_type").GetString()!,
            s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : 0)).ToList();
    }

    public void Dispose() => _media.Dispose();
}
