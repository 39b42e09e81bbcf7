namespace Venvid.MediaWorker.Media;

/// <summary>One HLS rendition: display size (even), H.264 video bitrate and its VBV bounds.</summary>
public sealed record Rung(string Name, int Width, int Height, int VideoKbps)
{
    public int MaxRateKbps => VideoKbps * 107 / 100;
    public int BufferKbps => VideoKbps * 3 / 2;
    public int Bandwidth(bool hasAudio) => (MaxRateKbps + (hasAudio ? Ladder.AudioKbps : 0)) * 1000;
    public int AverageBandwidth(bool hasAudio) => (VideoKbps + (hasAudio ? Ladder.AudioKbps : 0)) * 1000;
}

/// <summary>
/// The adaptive ladder for a source: the standard rungs up to the source's size, never upscaled, sized by the
/// short side so portrait videos get the same quality steps as landscape ones, aspect ratio kept, dimensions even.
/// </summary>
public static class Ladder
{
    public const int AudioKbps = 128;

    private static readonly (int ShortSide, int Kbps)[] Standard =
    [
        (240, 400),
        (360, 800),
        (480, 1400),
        (720, 2800),
        (1080, 5000),
    ];

    /// <param name="width">Display width (after rotation).</param>
    /// <param name="height">Display height (after rotation).</param>
    public static IReadOnlyList<Rung> For(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);

        var shortSide = Math.Min(width, height);
        var rungs = Standard
            .Where(s => s.ShortSide <= shortSide)
            .Select(s => Scale(width, height, s.ShortSide, s.Kbps))
            .ToList();

        if (rungs.Count == 0)
        {
            // Smaller than the lowest rung: one rendition at the source's own (even) size.
            var kbps = Math.Max(150, Standard[0].Kbps * width * height / (426 * 240));
            rungs.Add(new Rung($"{Even(shortSide)}p", Even(width), Even(height), kbps));
        }

        return rungs;
    }

    private static Rung Scale(int width, int height, int shortSide, int kbps)
    {
        var landscape = width >= height;
        var longSide = (int)Math.Round((double)Math.Max(width, height) * shortSide / Math.Min(width, height));
        var w = Even(landscape ? longSide : shortSide);
        var h = Even(landscape ? shortSide : longSide);
        return new Rung($"{shortSide}p", w, h, kbps);
    }

    public static int Even(int value) => Math.Max(2, value - (value % 2));
}
