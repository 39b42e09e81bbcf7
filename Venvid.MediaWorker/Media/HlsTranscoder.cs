using System.Globalization;
using System.Text;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;

namespace Venvid.MediaWorker.Media;

/// <summary>
/// One ffmpeg process per job: the source is decoded once and split to every rung of the ladder (H.264 + AAC,
/// keyframes every <see cref="SegmentSeconds"/> so segments align across renditions) plus the storyboard sprite.
/// HLS playlists are written as EVENT playlists, so finished segments can be published while encoding goes on.
/// </summary>
public sealed class HlsTranscoder(FfmpegTools tools, IOptions<MediaLimits> limits, IOptions<TranscodeOptions> options, ILogger<HlsTranscoder> logger)
{
    public const int SegmentSeconds = 4;
    public const string MasterPlaylist = "master.m3u8";
    public const string VariantPlaylist = "index.m3u8";
    public const string StoryboardImage = "storyboard.jpg";
    public const string StoryboardVtt = "storyboard.vtt";
    public const string Poster = "poster.jpg";

    public async Task TranscodeAsync(
        string input, string outputDirectory, ProbeResult probe, IReadOnlyList<Rung> ladder, Storyboard storyboard,
        Action<double> onProgress, CancellationToken ct)
    {
        foreach (var rung in ladder)
        {
            Directory.CreateDirectory(Path.Combine(outputDirectory, rung.Name));
        }

        var arguments = BuildOutputArguments(outputDirectory, probe, ladder, storyboard, options.Value.Preset);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60 + probe.DurationSeconds * limits.Value.MaxRealtimeFactor));

        var processor = FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o.WithCustomArgument(Prober.SafeInputArguments(limits.Value)))
            .OutputToFile(Path.Combine(outputDirectory, StoryboardImage), overwrite: true, o => o.WithCustomArgument(arguments))
            .NotifyOnProgress(onProgress, TimeSpan.FromSeconds(probe.DurationSeconds))
            .CancellableThrough(timeout.Token);

        logger.LogDebug("ffmpeg {Arguments}", processor.Arguments);
        try
        {
            await processor.ProcessAsynchronously(throwOnError: true, tools.Options);
        }
        catch (FFMpegException e) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Transcoding exceeded its time limit ({probe.DurationSeconds * limits.Value.MaxRealtimeFactor:0}s).", e);
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>A poster frame from a tenth of the way in (past fades from black).</summary>
    public async Task ExtractPosterAsync(string input, string outputDirectory, ProbeResult probe, CancellationToken ct)
    {
        var at = TimeSpan.FromSeconds(Math.Min(probe.DurationSeconds * 0.1, Math.Max(0, probe.DurationSeconds - 0.5)));
        var width = Math.Min(1280, probe.DisplayWidth);
        await FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o
                .WithCustomArgument(Prober.SafeInputArguments(limits.Value))
                .Seek(at))
            .OutputToFile(Path.Combine(outputDirectory, Poster), overwrite: true, o => o
                .WithCustomArgument(string.Create(CultureInfo.InvariantCulture, $"-map 0:v:0 -frames:v 1 -vf scale={width}:-2 -q:v 3")))
            .CancellableThrough(ct)
            .ProcessAsynchronously(throwOnError: true, tools.Options);
    }

    /// <summary>
    /// Everything after the input: the split filter graph, one H.264 (+ AAC) stream per rung into the HLS muxer,
    /// then the storyboard image as the final output (whose path FFMpegCore appends).
    /// </summary>
    public static string BuildOutputArguments(string outputDirectory, ProbeResult probe, IReadOnlyList<Rung> ladder, Storyboard storyboard, string preset)
    {
        var inv = CultureInfo.InvariantCulture;
        var gop = Math.Max(1, (int)Math.Round(probe.FrameRate * SegmentSeconds));
        var graph = new StringBuilder();
        graph.Append(inv, $"[0:v]split={ladder.Count + 1}");
        for (var i = 0; i < ladder.Count; i++)
        {
            graph.Append(inv, $"[s{i}]");
        }

        graph.Append("[ssb]");
        for (var i = 0; i < ladder.Count; i++)
        {
            graph.Append(inv, $";[s{i}]scale={ladder[i].Width}:{ladder[i].Height},setsar=1,format=yuv420p[v{i}]");
        }

        graph.Append(inv, $";[ssb]{storyboard.Filter}[sb]");

        var args = new StringBuilder();
        args.Append(inv, $"-filter_complex \"{graph}\"");
        for (var i = 0; i < ladder.Count; i++)
        {
            args.Append(inv, $" -map [v{i}]");
            if (probe.HasAudio)
            {
                args.Append(" -map 0:a:0");
            }
        }

        args.Append(inv, $" -c:v libx264 -preset {preset} -profile:v main -pix_fmt yuv420p");
        args.Append(inv, $" -g {gop} -keyint_min {gop} -sc_threshold 0 -force_key_frames \"expr:gte(t,n_forced*{SegmentSeconds})\"");
        for (var i = 0; i < ladder.Count; i++)
        {
            var r = ladder[i];
            args.Append(inv, $" -b:v:{i} {r.VideoKbps}k -maxrate:v:{i} {r.MaxRateKbps}k -bufsize:v:{i} {r.BufferKbps}k");
        }

        if (probe.HasAudio)
        {
            args.Append(inv, $" -c:a aac -b:a {Ladder.AudioKbps}k -ac 2 -ar 48000");
        }

        var streamMap = string.Join(' ', ladder.Select((r, i) => probe.HasAudio ? $"v:{i},a:{i},name:{r.Name}" : $"v:{i},name:{r.Name}"));
        args.Append(inv, $" -f hls -hls_time {SegmentSeconds} -hls_playlist_type event -hls_flags independent_segments+temp_file");
        args.Append(inv, $" -hls_segment_type mpegts -hls_segment_filename \"{outputDirectory}/%v/seg_%05d.ts\"");
        args.Append(inv, $" -var_stream_map \"{streamMap}\" \"{outputDirectory}/%v/{VariantPlaylist}\"");

        // Second output: the storyboard sprite (its path is appended by FFMpegCore).
        args.Append(" -map [sb] -frames:v 1 -q:v 4 -update 1");
        return args.ToString();
    }

    /// <summary>The master playlist, written by us so it only lists renditions that exist and carries exact bandwidths.</summary>
    public static string BuildMasterPlaylist(IReadOnlyList<Rung> ladder, ProbeResult probe)
    {
        var inv = CultureInfo.InvariantCulture;
        var master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var rung in ladder)
        {
            master.Append(inv, $"#EXT-X-STREAM-INF:BANDWIDTH={rung.Bandwidth(probe.HasAudio)},RESOLUTION={rung.Width}x{rung.Height},FRAME-RATE={probe.FrameRate:0.000},NAME=\"{rung.Name}\"\n");
            master.Append(inv, $"{rung.Name}/{VariantPlaylist}\n");
        }

        return master.ToString();
    }
}

public sealed class TranscodeOptions
{
    /// <summary>x264 preset: speed against size. <c>veryfast</c> keeps a 2-core worker near real time for 1080p.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>How long a claimed job's lease lasts without renewal; renewed every third of it.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "venvid-worker");
}
