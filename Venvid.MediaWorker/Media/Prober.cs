using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;
using Venvid.Contracts;

namespace Venvid.MediaWorker.Media;

/// <summary>What the pipeline needs to know about a source that passed validation.</summary>
/// <param name="VideoStreamIndex">Absolute index of the picture stream (cover art and thumbnails are skipped).</param>
/// <param name="AudioStreamIndex">Absolute index of the first audio stream, or null for a silent video.</param>
public sealed record ProbeResult(
    string Format,
    double DurationSeconds,
    int DisplayWidth,
    int DisplayHeight,
    double FrameRate,
    int VideoStreamIndex,
    int? AudioStreamIndex)
{
    public bool HasAudio => AudioStreamIndex is not null;

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
            analysis = await FFProbe.AnalyseAsync(path, tools.Options, SafeInputArguments(options), ct);
        }
        catch (Exception e) when (e is FFMpegException or FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            throw new MediaRejectedException("The file is not a readable video (it may be corrupt, truncated or of an unsupported type).", e);
        }

        var format = analysis.Format.FormatName ?? "";
        if (!format.Split(',').Any(f => options.AllowedFormats.Contains(f, StringComparer.Ordinal)))
        {
            throw new MediaRejectedException($"Unsupported container format '{format}'.");
        }

        // Cover art and embedded thumbnails are "video" streams too, but not a picture that moves.
        var video = analysis.VideoStreams.FirstOrDefault(s => !IsStill(s))
            ?? throw new MediaRejectedException("The file has no video stream.");

        if (video.Width is not > 0 || video.Height is not > 0)
        {
            throw new MediaRejectedException("The video stream has no usable picture size.");
        }

        var (width, height) = DisplaySize(video.Width.Value, video.Height.Value, video.SampleAspectRatio, video.Rotation);
        if (width < 2 || height < 2)
        {
            throw new MediaRejectedException("The video stream has no usable picture size.");
        }

        if (width > options.MaxWidth || height > options.MaxHeight)
        {
            throw new MediaRejectedException($"The video is {width}×{height}; the largest accepted is {options.MaxWidth}×{options.MaxHeight}.");
        }

        var duration = analysis.Duration.TotalSeconds;
        if (duration <= 0 || double.IsNaN(duration))
        {
            throw new MediaRejectedException("The video has no duration (it may be truncated).");
        }

        if (duration > options.MaxDurationSeconds)
        {
            throw new MediaRejectedException($"The video lasts {FormatDuration(duration)}; the longest accepted is {FormatDuration(options.MaxDurationSeconds)}.");
        }

        var frameRate = video.AverageFrameRate is > 0 and < 10_000 ? video.AverageFrameRate : video.RealFrameRate;
        if (frameRate > options.MaxFrameRate)
        {
            throw new MediaRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"The video runs at {frameRate:0.#} fps; the most accepted is {options.MaxFrameRate:0.#} fps."));
        }

        var audio = analysis.AudioStreams.FirstOrDefault();
        return new ProbeResult(format, duration, width, height, frameRate is > 0 and < 10_000 ? frameRate : 30, video.Index, audio?.Index);
    }

    /// <summary>Local files only, and only real media demuxers: a playlist hidden in a container cannot reach other files.</summary>
    public static string SafeInputArguments(MediaLimits limits) =>
        $"-protocol_whitelist file -format_whitelist {string.Join(',', limits.AllowedFormats)}";

    /// <summary>The size a player shows: anamorphic pixels stretched, quarter turns applied.</summary>
    public static (int Width, int Height) DisplaySize(int width, int height, (int Num, int Den) sampleAspectRatio, int rotation)
    {
        if (sampleAspectRatio is { Num: > 0, Den: > 0 } sar && sar.Num != sar.Den)
        {
            width = (int)Math.Round((double)width * sar.Num / sar.Den);
        }

        return Math.Abs(rotation % 180) == 90 ? (height, width) : (width, height);
    }

    private static bool IsStill(VideoStream stream) =>
        stream.Disposition is { } d && (d.GetValueOrDefault("attached_pic") || d.GetValueOrDefault("still_image"));

    /// <summary>Hours keep counting past a day ("26:00:00"): a day-long file must not read as "2:00:00".</summary>
    private static string FormatDuration(double seconds)
    {
        var duration = TimeSpan.FromSeconds(Math.Round(seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}");
    }
}
