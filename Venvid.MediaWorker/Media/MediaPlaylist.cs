using System.Globalization;

namespace Venvid.MediaWorker.Media;

/// <summary>
/// What a rendition's media playlist says so far. ffmpeg only lists a segment once it is complete on disk, so every
/// listed segment can be published. A partially read file is cut back to its last complete line, and the text to
/// publish gets a start tag so players join at the beginning rather than at the live edge while encoding goes on.
/// </summary>
public sealed record MediaPlaylist(string Text, IReadOnlyList<MediaSegment> Segments, bool Ended)
{
    public double TotalSeconds => Segments.Sum(s => s.DurationSeconds);

    public static MediaPlaylist Parse(string text)
    {
        var complete = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        var segments = new List<MediaSegment>();
        var ended = false;
        double? duration = null;
        foreach (var raw in complete.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..].Split(',')[0];
                duration = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
            }
            else if (line == "#EXT-X-ENDLIST")
            {
                ended = true;
            }
            else if (line.Length > 0 && !line.StartsWith('#') && duration is { } d)
            {
                segments.Add(new MediaSegment(line, d));
                duration = null;
            }
        }

        // A trailing #EXTINF without its URI is not a segment yet: drop it from the published text too.
        if (duration is not null)
        {
            complete = complete[..complete.LastIndexOf("#EXTINF:", StringComparison.Ordinal)];
        }

        if (complete.StartsWith("#EXTM3U\n", StringComparison.Ordinal) && !complete.Contains("#EXT-X-START:", StringComparison.Ordinal))
        {
            complete = complete.Insert("#EXTM3U\n".Length, HlsTranscoder.StartAtBeginning);
        }

        return new MediaPlaylist(complete, segments, ended);
    }
}

public sealed record MediaSegment(string Uri, double DurationSeconds);
