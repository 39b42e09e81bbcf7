using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

public sealed class ProberTests : IDisposable
{
    private readonly TestMedia _media = new();

    [Fact]
    public async Task Landscape_video_with_audio_is_described()
    {
        var path = await _media.VideoAsync("clip.mp4", 640, 360, 2);

        var probe = await TestMedia.Prober().ProbeAsync(path, CancellationToken.None);

        Assert.Equal((640, 360, true), (probe.DisplayWidth, probe.DisplayHeight, probe.HasAudio));
        Assert.InRange(probe.DurationSeconds, 1.9, 2.2);
        Assert.Equal(30, probe.FrameRate, 0.01);
    }

    [Fact]
    public async Task Rotated_video_reports_its_display_size()
    {
        var upright = await _media.VideoAsync("upright.mp4", 640, 360, 1, audio: false);
        var rotated = await _media.GenerateAsync("rotated.mp4", $"-i \"{upright}\" -c copy -metadata:s:v:0 rotate=90");

        var probe = await TestMedia.Prober().ProbeAsync(rotated, CancellationToken.None);

        Assert.Equal((360, 640, false), (probe.DisplayWidth, probe.DisplayHeight, probe.HasAudio));
    }

    [Fact]
    public async Task Text_file_renamed_mp4_is_rejected()
    {
        var path = _media.PathOf("notes.mp4");
        await File.WriteAllTextAsync(path, "These are my holiday notes, not a video.\n");

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => TestMedia.Prober().ProbeAsync(path, CancellationToken.None));

        Assert.Contains("not a readable video", e.Message);
    }

    [Fact]
    public async Task Truncated_mp4_is_rejected()
    {
        var full = await _media.VideoAsync("full.mp4", 640, 360, 3);
        var bytes = await File.ReadAllBytesAsync(full);
        var truncated = _media.PathOf("truncated.mp4");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

        await Assert.ThrowsAsync<MediaRejectedException>(() => TestMedia.Prober().ProbeAsync(truncated, CancellationToken.None));
    }

    [Theory]
    [InlineData("playlist.m3u8")]
    [InlineData("playlist.avi")]
    [InlineData("playlist.mp4")]
    public async Task Playlist_reaching_for_a_local_file_is_rejected(string name)
    {
        var path = _media.PathOf(name);
        await File.WriteAllTextAsync(path, "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n");

        await Assert.ThrowsAsync<MediaRejectedException>(() => TestMedia.Prober().ProbeAsync(path, CancellationToken.None));
    }

    [Fact]
    public async Task Concat_script_reaching_for_a_local_file_is_rejected()
    {
        var path = _media.PathOf("concat.mp4");
        await File.WriteAllTextAsync(path, "ffconcat version 1.0\nfile /etc/passwd\n");

        await Assert.ThrowsAsync<MediaRejectedException>(() => TestMedia.Prober().ProbeAsync(path, CancellationToken.None));
    }

    [Fact]
    public async Task Audio_only_file_is_rejected()
    {
        var path = await _media.GenerateAsync("song.m4a", "-f lavfi -i sine=frequency=440 -t 2 -c:a aac");

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() => TestMedia.Prober().ProbeAsync(path, CancellationToken.None));

        Assert.Equal("The file has no video stream.", e.Message);
    }

    [Fact]
    public async Task Frame_rate_above_the_limit_is_rejected()
    {
        var path = await _media.VideoAsync("fast.mp4", 160, 120, 1, audio: false, rate: 120);

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            TestMedia.Prober(new MediaLimits { MaxFrameRate = 60 }).ProbeAsync(path, CancellationToken.None));

        Assert.Contains("120 fps", e.Message);
    }

    [Fact]
    public async Task Resolution_above_the_limit_is_rejected()
    {
        var path = await _media.VideoAsync("big.mp4", 640, 360, 1, audio: false);

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            TestMedia.Prober(new MediaLimits { MaxWidth = 320, MaxHeight = 320 }).ProbeAsync(path, CancellationToken.None));

        Assert.Contains("640×360", e.Message);
    }

    [Fact]
    public async Task Duration_above_the_limit_is_rejected()
    {
        var path = await _media.VideoAsync("long.mp4", 160, 120, 3, audio: false);

        var e = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            TestMedia.Prober(new MediaLimits { MaxDurationSeconds = 2 }).ProbeAsync(path, CancellationToken.None));

        Assert.Contains("longest accepted", e.Message);
    }

    public void Dispose() => _media.Dispose();
}
