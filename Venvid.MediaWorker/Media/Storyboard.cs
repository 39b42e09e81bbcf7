using System.Globalization;
using System.Text;

namespace Venvid.MediaWorker.Media;

/// <summary>Seek-preview thumbnails: one sprite image of tiles plus a WebVTT file mapping time ranges to tiles.</summary>
public sealed record Storyboard(double IntervalSeconds, int Count, int Columns, int TileWidth, int TileHeight)
{
    public const int MaxTiles = 100;
    public const int DefaultTileWidth = 160;

    public int Rows => (Count + Columns - 1) / Columns;

    public static Storyboard For(double durationSeconds, int width, int height)
    {
        var interval = Math.Max(1, Math.Ceiling(durationSeconds / MaxTiles));
        var count = Math.Max(1, (int)Math.Ceiling(durationSeconds / interval));
        var tileHeight = Math.Max(2, (int)Math.Round(DefaultTileWidth * (double)height / width / 2) * 2);
        return new Storyboard(interval, count, Math.Min(10, count), DefaultTileWidth, tileHeight);
    }

    /// <summary>The ffmpeg filter that turns the video into the sprite (one frame per interval, tiled).</summary>
    public string Filter => string.Create(CultureInfo.InvariantCulture,
        $"fps=1/{IntervalSeconds},scale={TileWidth}:{TileHeight},tile={Columns}x{Rows}");

    /// <summary>One cue per tile; <paramref name="spriteUrl"/> is relative to the VTT file (both are published side by side).</summary>
    public string ToWebVtt(string spriteUrl, double durationSeconds)
    {
        var vtt = new StringBuilder("WEBVTT\n\n");
        for (var i = 0; i < Count; i++)
        {
            var start = i * IntervalSeconds;
            var end = Math.Max(start + 0.001, Math.Min(durationSeconds, (i + 1) * IntervalSeconds));
            var x = i % Columns * TileWidth;
            var y = i / Columns * TileHeight;
            vtt.Append(CultureInfo.InvariantCulture, $"{Timestamp(start)} --> {Timestamp(end)}\n{spriteUrl}#xywh={x},{y},{TileWidth},{TileHeight}\n\n");
        }

        return vtt.ToString();
    }

    private static string Timestamp(double seconds) =>
        TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
