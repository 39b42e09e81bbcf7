using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

public class PlaylistAndStoryboardTests
{
    private static readonly ProbeResult Landscape = new("mov,mp4,m4a,3gp,3g2,mj2", 10, 854, 480, 30, 0, 1);

    [Fact]
    public void Master_playlist_lists_every_rung_lowest_first_with_bandwidth_and_resolution()
    {
        var master = HlsTranscoder.BuildMasterPlaylist(Ladder.For(854, 480), Landscape);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-START:TIME-OFFSET=0\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=556000,AVERAGE-BANDWIDTH=528000,RESOLUTION=426x240,FRAME-RATE=30.000\n240p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=984000,AVERAGE-BANDWIDTH=928000,RESOLUTION=640x360,FRAME-RATE=30.000\n360p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=1626000,AVERAGE-BANDWIDTH=1528000,RESOLUTION=854x480,FRAME-RATE=30.000\n480p/index.m3u8\n",
            master);
    }

    [Fact]
    public void Master_playlist_of_a_silent_video_counts_no_audio_bandwidth()
    {
        var master = HlsTranscoder.BuildMasterPlaylist(Ladder.For(426, 240), Landscape with { AudioStreamIndex = null });

        Assert.Contains("BANDWIDTH=428000,", master);
    }

    [Fact]
    public void Short_video_gets_one_tile_per_second_in_one_row()
    {
        var storyboard = Storyboard.For(10, 1920, 1080);

        Assert.Equal((1.0, 10, 10, 1, 160, 90), (storyboard.IntervalSeconds, storyboard.Count, storyboard.Columns, storyboard.Rows, storyboard.TileWidth, storyboard.TileHeight));
        Assert.Equal("fps=1/1,scale=160:90,tile=10x1", storyboard.Filter);
    }

    [Fact]
    public void Long_video_is_capped_at_a_hundred_tiles()
    {
        var storyboard = Storyboard.For(3600, 1280, 720);

        Assert.Equal((36.0, 100, 10, 10), (storyboard.IntervalSeconds, storyboard.Count, storyboard.Columns, storyboard.Rows));
    }

    [Fact]
    public void Portrait_tiles_keep_the_aspect_ratio()
    {
        var storyboard = Storyboard.For(10, 1080, 1920);

        Assert.Equal((160, 284), (storyboard.TileWidth, storyboard.TileHeight));
    }

    [Fact]
    public void Vtt_cues_cover_the_video_and_point_at_their_tiles()
    {
        var storyboard = Storyboard.For(10.5, 1920, 1080);

        var vtt = storyboard.ToWebVtt("storyboard.jpg", 10.5);

        Assert.StartsWith("WEBVTT\n\n", vtt);
        var cues = vtt.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(11, cues.Length);
        Assert.Equal("00:00:00.000 --> 00:00:01.000\nstoryboard.jpg#xywh=0,0,160,90", cues[0]);
        Assert.Equal("00:00:09.000 --> 00:00:10.000\nstoryboard.jpg#xywh=1440,0,160,90", cues[9]);
        Assert.Equal("00:00:10.000 --> 00:00:10.500\nstoryboard.jpg#xywh=0,90,160,90", cues[10]);
    }

    [Fact]
    public void Vtt_timestamps_pass_the_hour()
    {
        var storyboard = Storyboard.For(2 * 3600, 1920, 1080);

        var vtt = storyboard.ToWebVtt("storyboard.jpg", 2 * 3600);

        Assert.Contains("01:00:00.000 --> 01:01:12.000\nstoryboard.jpg#xywh=0,450,160,90", vtt);
        Assert.EndsWith("01:58:48.000 --> 02:00:00.000\nstoryboard.jpg#xywh=1440,810,160,90\n\n", vtt);
    }
}
