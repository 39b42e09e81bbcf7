using System.Globalization;

namespace Venvid.MediaWorker.Media;

/// <summary>
/// What a rendition's media playlist says so far. ffmpeg only lists a segment once it is complete on disk, so every
/// listed segment can be published. A partially read file is cut back to its last complete line, and the text to
/// publish gets a start tag so players join at the beginning rather than at the live edge while encoding goes on;
/// once ended it is published as a VOD playlist.
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

        if (ended)
        {
            // Complete: a VOD playlist that will never change (it was an EVENT playlist while it grew).
            complete = complete.Replace("#EXT-X-PLAYLIST-TYPE:EVENT\n", "#EXT-X-PLAYLIST-TYPE:VOD\n", StringComparison.Ordinal)
                .Replace(HlsTranscoder.StartAtBeginning, "", StringComparison.Ordinal);
        }
        else if (complete.StartsWith("#EXTM3U\n", StringComparison.Ordinal) && !complete.Contains("#EXT-X-START:", StringComparison.Ordinal))
        {
            complete = complete.Insert("#EXTM3U\n".Length, HlsTranscoder.StartAtBeginning);
        }

        return new MediaPlaylist(complete, segments, ended);
    }
}

public sealed record MediaSegment(string Uri, double DurationSeconds);

/// <summary>A rendition as the master playlist describes it: what was asked of the encoder and, once complete, what it produced.</summary>
public sealed record RenditionFacts(Rung Rung, string VideoCodec, MeasuredBitrates? Measured);

/// <summary>Bit rates measured from the produced segments: peak and mean, of the whole segments and of their first pictures.</summary>
public sealed record MeasuredBitrates(long PeakBitsPerSecond, long AverageBitsPerSecond, long IFramePeakBitsPerSecond, long IFrameAverageBitsPerSecond)
{
    public static MeasuredBitrates Of(IReadOnlyList<(MediaSegment Segment, SegmentFacts Facts)> segments)
    {
        var seconds = Math.Max(segments.Sum(s => s.Segment.DurationSeconds), 0.001);
        return new MeasuredBitrates(
            (long)Math.Ceiling(segments.Max(s => s.Facts.Size * 8 / Math.Max(s.Segment.DurationSeconds, 0.001))),
            (long)Math.Ceiling(segments.Sum(s => s.Facts.Size * 8.0) / seconds),
            (long)Math.Ceiling(segments.Max(s => s.Facts.KeyframeEnd * 8 / Math.Max(s.Segment.DurationSeconds, 0.001))),
            (long)Math.Ceiling(segments.Sum(s => s.Facts.KeyframeEnd * 8.0) / seconds));
    }
}
