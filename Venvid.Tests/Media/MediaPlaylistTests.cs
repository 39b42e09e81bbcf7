using Venvid.MediaWorker.Media;

namespace Venvid.Tests.Media;

public class MediaPlaylistTests
{
    private const string Head = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n";

    [Fact]
    public void Event_playlist_lists_its_finished_segments()
    {
        var playlist = MediaPlaylist.Parse(Head + "#EXTINF:4.000000,\nseg_00000.ts\n#EXTINF:4.000000,\nseg_00001.ts\n");

        Assert.Equal(["seg_00000.ts", "seg_00001.ts"], playlist.Segments.Select(s => s.Uri));
        Assert.Equal(8, playlist.TotalSeconds, 3);
        Assert.False(playlist.Ended);
    }

    [Fact]
    public void Ended_playlist_is_marked_ended()
    {
        var playlist = MediaPlaylist.Parse(Head + "#EXTINF:2.500000,\nseg_00000.ts\n#EXT-X-ENDLIST\n");

        Assert.True(playlist.Ended);
        Assert.Equal(2.5, playlist.TotalSeconds, 3);
        // Complete: published as VOD, with no start tag (a VOD playlist plays from its beginning anyway).
        Assert.Equal(Head.Replace("EVENT", "VOD", StringComparison.Ordinal) + "#EXTINF:2.500000,\nseg_00000.ts\n#EXT-X-ENDLIST\n", playlist.Text);
    }

    [Fact]
    public void Half_written_entry_is_left_out_of_the_published_text()
    {
        var playlist = MediaPlaylist.Parse(Head + "#EXTINF:4.000000,\nseg_00000.ts\n#EXTINF:4.000000,\nseg_000");

        Assert.Equal(["seg_00000.ts"], playlist.Segments.Select(s => s.Uri));
        Assert.EndsWith("#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:4.000000,\nseg_00000.ts\n", playlist.Text);
    }

    [Fact]
    public void Published_text_starts_players_at_the_beginning()
    {
        var playlist = MediaPlaylist.Parse(Head + "#EXTINF:4.000000,\nseg_00000.ts\n");

        Assert.StartsWith("#EXTM3U\n#EXT-X-START:TIME-OFFSET=0\n#EXT-X-VERSION:3\n", playlist.Text);
        Assert.Equal(playlist.Text, MediaPlaylist.Parse(playlist.Text).Text);
    }

    [Fact]
    public void Duration_without_its_segment_is_left_out()
    {
        var playlist = MediaPlaylist.Parse(Head + "#EXTINF:4.000000,\nseg_00000.ts\n#EXTINF:4.000000,\n");

        Assert.Single(playlist.Segments);
        Assert.EndsWith("seg_00000.ts\n", playlist.Text);
    }
}
