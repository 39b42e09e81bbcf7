namespace Venvid.MediaWorker.Media;

/// <summary>What an HLS playlist must say about one MPEG-TS segment, read from its bytes.</summary>
/// <param name="Size">Bytes in the segment.</param>
/// <param name="KeyframeEnd">Bytes from the start (PAT, PMT, then the first picture) up to where the second picture starts: the I-frame playlist's byte range.</param>
/// <param name="StartsWithKeyframe">The first picture is an IDR picture, so the segment decodes on its own.</param>
/// <param name="VideoCodec">The RFC 6381 codec of its H.264 stream (<c>avc1.PPCCLL</c> from the SPS), or null without one.</param>
public sealed record SegmentFacts(long Size, long KeyframeEnd, bool StartsWithKeyframe, string? VideoCodec);

/// <summary>
/// A small MPEG-TS reader (ISO/IEC 13818-1): 188-byte packets, the PAT and PMT to find the H.264 stream, and the
/// NAL units of its first access unit (ITU-T H.264 Annex B) — enough to author playlists from facts rather than from
/// what the encoder was asked for.
/// </summary>
public static class TransportStream
{
    private const int PacketSize = 188;
    private const byte SyncByte = 0x47;
    private const byte H264StreamType = 0x1B;

    public static SegmentFacts Inspect(string path)
    {
        using var file = File.OpenRead(path);
        return Inspect(file);
    }

    public static SegmentFacts Inspect(Stream stream)
    {
        var packet = new byte[PacketSize];
        int? pmtPid = null;
        int? videoPid = null;
        var videoStarts = 0;
        var firstPicture = new List<byte>();
        long offset = 0;
        long keyframeEnd = 0;
        while (ReadPacket(stream, packet))
        {
            if (packet[0] != SyncByte)
            {
                throw new InvalidDataException($"Lost MPEG-TS sync at byte {offset}.");
            }

            var unitStart = (packet[1] & 0x40) != 0;
            var pid = ((packet[1] & 0x1F) << 8) | packet[2];
            var payload = Payload(packet);
            if (pid == 0 && unitStart && pmtPid is null)
            {
                pmtPid = ProgramMapPid(payload);
            }
            else if (pid == pmtPid && unitStart && videoPid is null)
            {
                videoPid = VideoPid(payload);
            }
            else if (pid == videoPid)
            {
                if (unitStart && ++videoStarts == 2)
                {
                    keyframeEnd = offset;
                    break;
                }

                firstPicture.AddRange(unitStart ? PesPayload(payload) : payload);
            }

            offset += PacketSize;
        }

        var size = stream.Length;
        if (keyframeEnd == 0)
        {
            keyframeEnd = size;
        }

        var (idr, codec) = ReadAccessUnit(firstPicture);
        return new SegmentFacts(size, keyframeEnd, idr, codec);
    }

    private static bool ReadPacket(Stream stream, byte[] packet)
    {
        var read = 0;
        while (read < PacketSize)
        {
            var n = stream.Read(packet, read, PacketSize - read);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private static ReadOnlySpan<byte> Payload(byte[] packet)
    {
        var control = (packet[3] >> 4) & 0x3;
        var start = 4;
        if (control is 2 or 3)
        {
            start += 1 + packet[4];
        }

        return control is 1 or 3 && start < PacketSize ? packet.AsSpan(start) : [];
    }

    /// <summary>The PAT's first program (not the network PID 0) and its PMT's PID.</summary>
    private static int? ProgramMapPid(ReadOnlySpan<byte> payload)
    {
        var section = Section(payload);
        if (section.Length < 12)
        {
            return null;
        }

        var sectionLength = ((section[1] & 0x0F) << 8) | section[2];
        var end = Math.Min(section.Length, 3 + sectionLength - 4);
        for (var i = 8; i + 4 <= end; i += 4)
        {
            var program = (section[i] << 8) | section[i + 1];
            if (program != 0)
            {
                return ((section[i + 2] & 0x1F) << 8) | section[i + 3];
            }
        }

        return null;
    }

    private static int? VideoPid(ReadOnlySpan<byte> payload)
    {
        var section = Section(payload);
        if (section.Length < 12)
        {
            return null;
        }

        var sectionLength = ((section[1] & 0x0F) << 8) | section[2];
        var end = Math.Min(section.Length, 3 + sectionLength - 4);
        var programInfoLength = ((section[10] & 0x0F) << 8) | section[11];
        for (var i = 12 + programInfoLength; i + 5 <= end;)
        {
            var type = section[i];
            var pid = ((section[i + 1] & 0x1F) << 8) | section[i + 2];
            var infoLength = ((section[i + 3] & 0x0F) << 8) | section[i + 4];
            if (type == H264StreamType)
            {
                return pid;
            }

            i += 5 + infoLength;
        }

        return null;
    }

    /// <summary>A PSI section: past the pointer field.</summary>
    private static ReadOnlySpan<byte> Section(ReadOnlySpan<byte> payload) =>
        payload.Length > 0 && 1 + payload[0] < payload.Length ? payload[(1 + payload[0])..] : [];

    /// <summary>A PES packet's payload: past its fixed and optional headers.</summary>
    private static ReadOnlySpan<byte> PesPayload(ReadOnlySpan<byte> payload) =>
        payload.Length >= 9 && payload[0] == 0 && payload[1] == 0 && payload[2] == 1 && 9 + payload[8] <= payload.Length
            ? payload[(9 + payload[8])..]
            : [];

    /// <summary>Walks Annex B NAL units: an IDR slice (type 5) and the SPS (type 7) that names profile and level.</summary>
    private static (bool Idr, string? Codec) ReadAccessUnit(List<byte> bytes)
    {
        var data = bytes.ToArray().AsSpan();
        var idr = false;
        string? codec = null;
        var firstSlice = true;
        for (var i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1)
            {
                continue;
            }

            var type = data[i + 3] & 0x1F;
            if (type == 7 && codec is null && i + 6 < data.Length)
            {
                codec = $"avc1.{data[i + 4]:X2}{data[i + 5]:X2}{data[i + 6]:X2}";
            }
            else if (type is 1 or 5 && firstSlice)
            {
                idr = type == 5;
                firstSlice = false;
            }

            i += 3;
        }

        return (idr, codec);
    }
}
