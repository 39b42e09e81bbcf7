using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;
using Venvid.Contracts;

namespace Venvid.MediaWorker.Media;

public sealed record ProbeResult(
    string Format,
    double DurationSeconds,
    int DisplayWidth,
    int DisplayHeight,
    double FrameRate,
    bool HasAudio)
{
    public ProbeReport ToReport() => new(DurationSeconds, DisplayWidth, DisplayHeight, FrameRate, HasAudio);
}

/// <summary>ffprobe with protocol and demuxer allowlists, then the platform's limits.</summary>
public sealed class Prober(FfmpegTools tools, IOptions<MediaLimits> limits)
{
    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken ct)
    {
        var options = limits.Value;
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, tools.Options, ct, SafeInputArguments(options));
        }
        catch (Exception e) when (e is FFMpegException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new MediaRejectedException("The file is not a readable video (it may be corrupt, truncated or of an unsupported type).", e);
        }

        var format = analysis.Format.FormatName ?? "";
        if (!format.Split(',').Any(f => options.AllowedFormats.Contains(f, StringComparer.Ordinal)))
        {
            throw new MediaRejectedException($"Unsupported container format '{format}'.");
        }

        var video = analysis.PrimaryVideoStream
            ?? throw new MediaRejectedException("The file has no video stream.");

        var rotated = Math.Abs(video.Rotation % 180) == 90;
        var width = rotated ? video.Height : video.Width;
        var height = rotated ? video.Width : video.Height;
        if (width < 2 || height < 2)
        {
            throw new MediaRejectedException("The video stream has no usable picture size.");
        }

        if (width > options.MaxWidth || height > options.MaxHeight)
        {
            throw new MediaRejectedException($"The video is {width}×{height}; the largest accepted is {options.MaxWidth}×{options.MaxHeight}.");
        }

        var duration = analysis.Duration.TotalSeconds;
        if (duration <= 0)
        {
            throw new MediaRejectedException("The video has no duration (it may be truncated).");
        }

        if (duration > options.MaxDurationSeconds)
        {
            throw new MediaRejectedException($"The video lasts {TimeSpan.FromSeconds(duration):g}; the longest accepted is {TimeSpan.FromSeconds(options.MaxDurationSeconds):g}.");
        }

        var frameRate = video.AvgFrameRate > 0 ? video.AvgFrameRate : video.FrameRate;
        if (frameRate > options.MaxFrameRate)
        {
            throw new MediaRejectedException(string.Create(CultureInfo.InvariantCulture, $"The video runs at {frameRate:0.#} fps; the most accepted is {options.MaxFrameRate:0.#} fps."));
        }

        return new ProbeResult(format, duration, width, height, frameRate > 0 ? frameRate : 30, analysis.PrimaryAudioStream is not null);
    }

    /// <summary>Local files only, and only real media demuxers: a playlist hidden in a container cannot reach other files.</summary>
    public static string SafeInputArguments(MediaLimits limits) =>
        $"-protocol_whitelist file -format_whitelist {string.Join(',', limits.AllowedFormats)}";
}
