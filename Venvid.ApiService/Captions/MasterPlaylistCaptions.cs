using System.Text;

namespace Venvid.ApiService.Captions;

/// <summary>
/// Lists a video's captions in its master playlist: one <c>EXT-X-MEDIA:TYPE=SUBTITLES</c> rendition per language
/// (with <c>LANGUAGE</c> and <c>NAME</c>, as Apple's authoring rules require) in the group every variant names, so
/// native players (Safari, iOS, tvOS) offer them too. The worker writes the rest of the playlist; this only replaces
/// the subtitle lines, so applying it again (or with no captions) gives the playlist as it should be.
/// </summary>
public static class MasterPlaylistCaptions
{
    public const string GroupId = "subs";
    private const string SubtitlesMedia = "#EXT-X-MEDIA:TYPE=SUBTITLES";
    private const string StreamInf = "#EXT-X-STREAM-INF:";

    /// <param name="captions">Each caption's language, name and subtitle playlist, relative to the master playlist.</param>
    public static string Apply(string master, IReadOnlyList<(string Language, string Name, string Uri)> captions)
    {
        var output = new StringBuilder();
        var listed = false;
        foreach (var raw in master.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw;
            if (line.StartsWith(SubtitlesMedia, StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith(StreamInf, StringComparison.Ordinal))
            {
                if (!listed)
                {
                    foreach (var (language, name, uri) in captions)
                    {
                        output.Append($"{SubtitlesMedia},GROUP-ID=\"{GroupId}\",NAME=\"{Quoted(name)}\",LANGUAGE=\"{language}\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI=\"{uri}\"\n");
                    }

                    listed = true;
                }

                line = WithoutSubtitles(line);
                if (captions.Count > 0)
                {
                    line += $",SUBTITLES=\"{GroupId}\"";
                }
            }

            output.Append(line).Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>
    /// The subtitle rendition's media playlist: the whole WebVTT file as one segment as long as the video (Apple allows
    /// a single-segment subtitle playlist for VOD).
    /// </summary>
    public static string SubtitlePlaylist(string vttFileName, double durationSeconds)
    {
        var duration = Math.Max(durationSeconds, 0.001);
        var target = (int)Math.Ceiling(duration);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:{duration:0.000},\n{vttFileName}\n#EXT-X-ENDLIST\n");
    }

    private static string WithoutSubtitles(string streamInf)
    {
        var start = streamInf.IndexOf(",SUBTITLES=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return streamInf;
        }

        var end = streamInf.IndexOf('"', start + ",SUBTITLES=\"".Length);
        return end < 0 ? streamInf[..start] : streamInf[..start] + streamInf[(end + 1)..];
    }

    // Quoted-string attribute values cannot hold a double quote or a line break.
    private static string Quoted(string value) => value.Replace('"', '\'').Replace('\n', ' ').Replace('\r', ' ');
}
