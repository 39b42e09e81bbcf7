namespace Venvid.ApiService.Captions;

/// <summary>
/// Where a video's MPEG-TS timeline starts: the earliest PTS among the first packets of its first segment (ffmpeg
/// starts at 1.4 s, not 0). Subtitle segments carry it as <c>X-TIMESTAMP-MAP</c>, without which HLS clients (RFC 8216
/// §3.5; Safari, Shaka) take cue time 0 for PTS 0 and show every caption that much early.
/// </summary>
public static class MpegTsStart
{
    private const int PacketSize = 188;

    /// <summary>Bytes of the segment's start worth reading: a few hundred packets hold the first audio and video PES headers.</summary>
    public const int ProbeBytes = PacketSize * 400;

    /// <summary>The earliest PTS (90 kHz ticks) among the PES packets that start in <paramref name="data"/>, or null.</summary>
    public static long? EarliestPts(ReadOnlySpan<byte> data)
    {
        long? earliest = null;
        for (var offset = 0; offset + PacketSize <= data.Length; offset += PacketSize)
        {
            var packet = data.Slice(offset, PacketSize);
            if (packet[0] != 0x47 || (packet[1] & 0x40) == 0)
            {
                continue; // out of sync, or no PES starts in this packet
            }

            var start = 4;
            if ((packet[3] & 0x20) != 0)
            {
                start += 1 + packet[4]; // adaptation field
            }

            if ((packet[3] & 0x10) == 0 || start + 14 > PacketSize)
            {
                continue;
            }

            var pes = packet[start..];
            // A PES header of an audio (0xC0–0xDF) or video (0xE0–0xEF) stream whose flags say a PTS follows.
            if (pes[0] != 0 || pes[1] != 0 || pes[2] != 1 || pes[3] < 0xC0 || pes[3] > 0xEF || (pes[7] & 0x80) == 0)
            {
                continue;
            }

            var pts = ((long)(pes[9] & 0x0E) << 29) | ((long)pes[10] << 22) | ((long)(pes[11] & 0xFE) << 14) | ((long)pes[12] << 7) | ((long)pes[13] >> 1);
            earliest = earliest is { } e ? Math.Min(e, pts) : pts;
        }

        return earliest;
    }

    /// <summary>A WebVTT file with the map after its first line (WEBVTT): cue time 0 is PTS <paramref name="pts"/>.</summary>
    public static string WithTimestampMap(string webVtt, long pts)
    {
        var firstLineEnd = webVtt.IndexOf('\n', StringComparison.Ordinal);
        return $"{webVtt[..firstLineEnd]}\nX-TIMESTAMP-MAP=MPEGTS:{pts},LOCAL:00:00:00.000{webVtt[firstLineEnd..]}";
    }
}
