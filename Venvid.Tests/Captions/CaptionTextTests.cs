using Venvid.ApiService.Captions;
using Venvid.Contracts;

namespace Venvid.Tests.Captions;

/// <summary>Caption files in, clean WebVTT out; chapters from descriptions; subtitle renditions in the master playlist.</summary>
public sealed class CaptionTextTests
{
    [Fact]
    public void Srt_becomes_webvtt_exactly_with_its_bom_crlf_numbers_and_multi_line_cues_handled()
    {
        var srt = "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,250 X1:10 X2:20 Y1:5 Y2:6\r\nTwo lines,\r\n<i>second</i> line\r\n\r\n\r\n3\r\n01:02:03,004 --> 01:02:04,000\r\nLate\r\n";

        var parsed = CaptionText.FromSrt(srt, durationSeconds: 3725);

        Assert.Null(parsed.Error);
        Assert.Equal(3, parsed.Cues);
        Assert.Equal(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n\n00:00:02.500 --> 00:00:04.250\nTwo lines,\n<i>second</i> line\n\n01:02:03.004 --> 01:02:04.000\nLate\n",
            parsed.WebVtt);
    }

    [Fact]
    public void Webvtt_keeps_identifiers_and_cue_settings_and_drops_notes_and_styles()
    {
        var vtt = "WEBVTT - a title\nKind: captions\n\nNOTE written by hand\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:02.000 line:0 align:start\n<v Ann>Hi\n";

        var parsed = CaptionText.FromWebVtt(vtt, durationSeconds: 10);

        Assert.Equal("WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.000 line:0 align:start\n<v Ann>Hi\n", parsed.WebVtt);
    }

    [Theory]
    [InlineData("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nb\n\n00:00:01.000 --> 00:00:02.000\na\n", "Line 6: cues are out of order")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:12.000\nlong\n", "Line 3: the cue ends at 00:00:12.000, after the video's end (00:00:10.000)")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:xx.000\nbroken\n", "Line 3: \"00:00:01.000 --> 00:00:xx.000\" is not a valid cue timing")]
    [InlineData("WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nbackwards\n", "Line 3: the cue ends before it starts")]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\nok\n", "Line 1: a WebVTT file starts with \"WEBVTT\"")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n00:00:02.000 --> 00:00:03.000\nno blank line\n", "Line 5: a timing line inside a cue's text")]
    [InlineData("WEBVTT\n\nNOTE nothing else\n", "the file has no cues")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nbell\u0007\n", "Line 4: Control characters (other than tab and line breaks) are not allowed.")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02\u0000.000\nnul in the timing\n", "Line 3: Control characters")]
    public void Broken_webvtt_is_refused_naming_the_line(string vtt, string expected)
    {
        var parsed = CaptionText.FromWebVtt(vtt, durationSeconds: 10);

        Assert.Null(parsed.WebVtt);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1\n00:00:01.000 --> 00:00:02,000\ndot instead of comma\n", "Line 2:")]
    [InlineData("one\n00:00:01,000 --> 00:00:02,000\nnot a number\n", "Line 1: expected a cue number")]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:00,500 --> 00:00:03,000\nb\n", "Line 6: cues are out of order")]
    public void Broken_srt_is_refused_naming_the_line(string srt, string expected)
    {
        Assert.StartsWith(expected, CaptionText.FromSrt(srt, durationSeconds: 10).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Chapters_come_from_timestamp_lines_of_a_valid_sequence()
    {
        const string description = "My trip.\n\n0:00 Intro\n1:05 - The mountain\n12:30: Lunch | picnic\n1:02:03 Finale\nThanks for watching!";

        Assert.Equal(
            [new ChapterDto(0, "Intro"), new ChapterDto(65, "The mountain"), new ChapterDto(750, "Lunch | picnic"), new ChapterDto(3723, "Finale")],
            Chapters.FromDescription(description, durationSeconds: 4000));
    }

    [Theory]
    [InlineData("0:10 Starts late\n1:00 Next")]
    [InlineData("0:00 Intro\n2:00 Later\n1:00 Earlier")]
    [InlineData("0:00 Intro\n0:00 Same time")]
    [InlineData("0:00 Intro\n5:00 After the end")]
    [InlineData("0:00 Only one")]
    [InlineData("0:00 Intro\n1:75 Bad seconds")]
    [InlineData("No timestamps at all")]
    public void Malformed_chapters_give_none(string description)
    {
        Assert.Empty(Chapters.FromDescription(description, durationSeconds: 240));
    }

    [Fact]
    public void The_master_playlist_lists_each_caption_in_the_group_every_variant_names_and_drops_them_again()
    {
        const string master = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=500000,AVERAGE-BANDWIDTH=400000,CODECS=\"avc1.4d401e,mp4a.40.2\",RESOLUTION=640x360,FRAME-RATE=30.000\n360p/index.m3u8\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,CODECS=\"avc1.4d401f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=30.000\n720p/index.m3u8\n"
            + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,CODECS=\"avc1.4d401e\",RESOLUTION=640x360,URI=\"360p/iframes.m3u8\"\n";

        var with = MasterPlaylistCaptions.Apply(master, [("en", "English", "captions/en-1.m3u8"), ("fr-CA", "Français \"CA\"", "captions/fr-CA-2.m3u8")]);
        var lines = with.Split('\n');

        Assert.Equal(
            ["#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI=\"captions/en-1.m3u8\"",
             "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Français 'CA'\",LANGUAGE=\"fr-CA\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI=\"captions/fr-CA-2.m3u8\""],
            lines.Where(l => l.StartsWith("#EXT-X-MEDIA", StringComparison.Ordinal)));
        Assert.All(lines.Where(l => l.StartsWith("#EXT-X-STREAM-INF", StringComparison.Ordinal)), l => Assert.EndsWith(",SUBTITLES=\"subs\"", l, StringComparison.Ordinal));
        Assert.Equal(with, MasterPlaylistCaptions.Apply(with, [("en", "English", "captions/en-1.m3u8"), ("fr-CA", "Français \"CA\"", "captions/fr-CA-2.m3u8")]));
        Assert.Equal(master, MasterPlaylistCaptions.Apply(with, []));
    }

    [Fact]
    public void The_timestamp_map_goes_in_the_webvtt_header()
    {
        Assert.Equal("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
            MpegTsStart.WithTimestampMap("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", 126_000));
    }

    [Fact]
    public void The_earliest_pts_is_read_from_the_pes_headers_that_start_in_the_packets()
    {
        // Two packets: a video PES with PTS 129600 (1.44 s), then an audio PES with PTS 126000 (1.4 s).
        byte[] Packet(int pid, byte streamId, long pts)
        {
            var packet = new byte[188];
            packet[0] = 0x47;
            packet[1] = (byte)(0x40 | (pid >> 8));
            packet[2] = (byte)pid;
            packet[3] = 0x10;
            byte[] pes = [0, 0, 1, streamId, 0, 0, 0x80, 0x80, 5,
                (byte)(0x21 | ((pts >> 29) & 0x0E)), (byte)(pts >> 22), (byte)(0x01 | ((pts >> 14) & 0xFE)), (byte)(pts >> 7), (byte)(0x01 | ((pts << 1) & 0xFE))];
            pes.CopyTo(packet, 4);
            return packet;
        }

        Assert.Equal(126_000, MpegTsStart.EarliestPts([.. Packet(0x100, 0xE0, 129_600), .. Packet(0x101, 0xC0, 126_000)]));
        Assert.Null(MpegTsStart.EarliestPts(new byte[188 * 2]));
    }

    [Theory]
    [InlineData("en", "en", "English")]
    [InlineData("FR-ca", "fr-CA", "French (CA)")]
    [InlineData("zh-hant-tw", "zh-Hant-TW", "Chinese (Hant, TW)")]
    [InlineData("es-419", "es-419", "Spanish (419)")]
    public void Language_tags_are_normalised_and_labelled(string tag, string normalised, string label)
    {
        Assert.Equal(normalised, LanguageTags.Normalize(tag));
        Assert.Equal(label, LanguageTags.LabelOf(normalised));
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("english")]
    [InlineData("en_US")]
    [InlineData("en-US-x-private")]
    [InlineData("")]
    public void Unknown_or_malformed_tags_are_refused(string tag)
    {
        Assert.Null(LanguageTags.Normalize(tag));
    }
}
