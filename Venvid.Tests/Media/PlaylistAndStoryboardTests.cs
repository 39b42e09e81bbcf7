using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

public class PlaylistAndStoryboardTests
{
    private static readonly ProbeResult Landscape = new("mov,mp4,m4a,3gp,3g2,mj2", 10, 854, 480, 30, 0, 1);

    private static List<RenditionFacts> Encoding(IReadOnlyList<Rung> ladder) =>
        [.. ladder.Select(r => new RenditionFacts(r, "avc1.4D401E", Measured: null))];

    [Fact]
    public void Master_playlist_while_encoding_lists_every_rung_lowest_first_with_targets_codecs_and_resolution()
    {
        var master = HlsTranscoder.BuildMasterPlaylist(Encoding(Ladder.For(854, 480)), Landscape);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-START:TIME-OFFSET=0\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=556000,AVERAGE-BANDWIDTH=528000,CODECS=\"avc1.4D401E,mp4a.40.2\",RESOLUTION=426x240,FRAME-RATE=30.000\n240p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=984000,AVERAGE-BANDWIDTH=928000,CODECS=\"avc1.4D401E,mp4a.40.2\",RESOLUTION=640x360,FRAME-RATE=30.000\n360p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=1626000,AVERAGE-BANDWIDTH=1528000,CODECS=\"avc1.4D401E,mp4a.40.2\",RESOLUTION=854x480,FRAME-RATE=30.000\n480p/index.m3u8\n",
            master);
    }

    [Fact]
    public void Master_playlist_of_a_silent_video_counts_no_audio_bandwidth_and_names_no_audio_codec()
    {
        var master = HlsTranscoder.BuildMasterPlaylist(Encoding(Ladder.For(426, 240)), Landscape with { AudioStreamIndex = null });

        Assert.Contains("BANDWIDTH=428000,", master);
        Assert.Contains("CODECS=\"avc1.4D401E\",", master);
    }

    [Fact]
    public void Complete_master_playlist_states_measured_bitrates_and_lists_i_frame_playlists()
    {
        var rung = Ladder.For(426, 240)[0];
        var measured = new MeasuredBitrates(610_000, 450_000, 90_000, 60_000);
        var master = HlsTranscoder.BuildMasterPlaylist([new RenditionFacts(rung, "avc1.4D4015", measured)], Landscape);

        Assert.Contains("#EXT-X-STREAM-INF:BANDWIDTH=610000,AVERAGE-BANDWIDTH=450000,CODECS=\"avc1.4D4015,mp4a.40.2\",RESOLUTION=426x240,FRAME-RATE=30.000\n240p/index.m3u8\n", master);
        Assert.EndsWith("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,AVERAGE-BANDWIDTH=60000,CODECS=\"avc1.4D4015\",RESOLUTION=426x240,URI=\"240p/iframes.m3u8\"\n", master);
    }

    [Fact]
    public void I_frame_playlist_names_each_segments_first_picture_by_byte_range()
    {
        var playlist = HlsTranscoder.BuildIFramePlaylist(
        [
            (new MediaSegment("seg_00000.ts", 4), new SegmentFacts(200_000, 31_584, true, "avc1.4D401E")),
            (new MediaSegment("seg_00001.ts", 2.5), new SegmentFacts(120_000, 20_116, true, "avc1.4D401E")),
        ]);

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXTINF:4.000000,\n#EXT-X-BYTERANGE:31584@0\nseg_00000.ts\n#EXTINF:2.500000,\n#EXT-X-BYTERANGE:20116@0\nseg_00001.ts\n#EXT-X-ENDLIST\n",
            playlist);
    }

    [Fact]
    public void Measured_bitrates_are_the_peak_and_mean_of_whole_segments_and_of_their_first_pictures()
    {
        var measured = MeasuredBitrates.Of(
        [
            (new MediaSegment("a.ts", 4), new SegmentFacts(200_000, 40_000, true, null)),
            (new MediaSegment("b.ts", 2), new SegmentFacts(150_000, 10_000, true, null)),
        ]);

        Assert.Equal(new MeasuredBitrates(600_000, 466_667, 80_000, 66_667), measured);
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
