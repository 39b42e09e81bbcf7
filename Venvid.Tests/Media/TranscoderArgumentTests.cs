using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

public class TranscoderArgumentTests
{
    private static readonly ProbeResult Source = new("mov,mp4,m4a,3gp,3g2,mj2", 12, 1920, 1080, 30, 0, 1);

    private static string Arguments(ProbeResult probe) => HlsTranscoder.CreateProcessor(
        "/work/in/source.mp4", "/work/out", probe, Ladder.For(probe.DisplayWidth, probe.DisplayHeight),
        Storyboard.For(probe.DurationSeconds, probe.DisplayWidth, probe.DisplayHeight), new MediaLimits(), "veryfast").Arguments;

    [Fact]
    public void Input_is_restricted_to_local_files_and_media_demuxers()
    {
        var arguments = Arguments(Source);

        Assert.StartsWith("-protocol_whitelist file -format_whitelist mov,mp4,", arguments);
        Assert.DoesNotContain("hls,", arguments.Split(" -i ")[0]);
        Assert.Contains(" -i \"/work/in/source.mp4\"", arguments);
    }

    [Fact]
    public void Source_is_decoded_once_and_split_to_every_rung_and_the_storyboard()
    {
        var arguments = Arguments(Source);

        Assert.Contains("[0:0]split=6[s0][s1][s2][s3][s4][ssb]", arguments);
        Assert.Contains("[s4]scale=1920:1080,setsar=1,format=yuv420p[v4]", arguments);
        Assert.Contains("[ssb]fps=1/1,scale=160:90,tile=10x2[sb]", arguments);
        Assert.Equal(2, arguments.Split(" -i ").Length);
    }

    [Fact]
    public void Every_rung_is_a_variant_stream_with_its_audio()
    {
        var arguments = Arguments(Source);

        Assert.Contains("-var_stream_map \"v:0,a:0,name:240p v:1,a:1,name:360p v:2,a:2,name:480p v:3,a:3,name:720p v:4,a:4,name:1080p\"", arguments);
        Assert.Contains("-hls_segment_filename \"/work/out/%v/seg_%05d.ts\"", arguments);
        Assert.Contains("\"/work/out/%v/index.m3u8\"", arguments);
        Assert.Contains("-hls_time 4 -hls_playlist_type event", arguments);
        Assert.Contains("temp_file", arguments);
        Assert.Equal(5, arguments.Split(" -map 0:1").Length - 1);
        Assert.Contains("-b:v:4 5000k", arguments);
    }

    [Fact]
    public void Keyframes_fall_on_segment_boundaries()
    {
        var arguments = Arguments(Source with { FrameRate = 25 });

        Assert.Contains("-g 100 -keyint_min 100 -sc_threshold 0 -force_key_frames \"expr:gte(t,n_forced*4)\"", arguments);
    }

    [Fact]
    public void Silent_video_maps_no_audio()
    {
        var arguments = Arguments(Source with { AudioStreamIndex = null });

        Assert.Contains("-var_stream_map \"v:0,name:240p v:1,name:360p", arguments);
        Assert.DoesNotContain("-c:a", arguments);
        Assert.DoesNotContain("a:0", arguments);
    }

    [Fact]
    public void Storyboard_sprite_is_the_last_output()
    {
        var arguments = Arguments(Source);

        Assert.Matches("-map \\[sb\\] -frames:v 1 .*\"/work/out/storyboard.jpg\"", arguments);
    }
}
