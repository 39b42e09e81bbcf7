namespace Venvid.MediaWorker.Media;

/// <summary>What the platform accepts. Media files are hostile input: everything outside these bounds is refused before transcoding.</summary>
public sealed class MediaLimits
{
    public int MaxWidth { get; set; } = 4096;
    public int MaxHeight { get; set; } = 4096;
    public double MaxDurationSeconds { get; set; } = 4 * 3600;
    public double MaxFrameRate { get; set; } = 120;

    /// <summary>Demuxers ffprobe/ffmpeg may use (<c>-format_whitelist</c>): no playlists (hls, concat), images or devices.</summary>
    public string[] AllowedFormats { get; set; } =
        ["mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "avi", "mpegts", "flv", "ogg", "mpeg", "asf"];

    /// <summary>Wall-clock bound for one ffmpeg run, as a multiple of the source duration (plus a fixed allowance).</summary>
    public double MaxRealtimeFactor { get; set; } = 8;
}
