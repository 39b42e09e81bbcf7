using System.Globalization;
using System.Text;
using FFMpegCore;
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
    public const int PosterMaxWidth = 1280;

    /// <summary>Encodes the ladder and the storyboard sprite into <paramref name="outputDirectory"/>; progress is 0–100.</summary>
    public async Task TranscodeAsync(
        string input, string outputDirectory, ProbeResult probe, IReadOnlyList<Rung> ladder, Storyboard storyboard,
        Action<double> onProgress, CancellationToken ct)
    {
        foreach (var rung in ladder)
        {
            Directory.CreateDirectory(Path.Combine(outputDirectory, rung.Name));
        }

        var limit = TimeSpan.FromSeconds(60 + probe.DurationSeconds * limits.Value.MaxRealtimeFactor);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);

        var processor = CreateProcessor(input, outputDirectory, probe, ladder, storyboard, limits.Value, options.Value.Preset)
            .NotifyOnPercentageProgress(onProgress, TimeSpan.FromSeconds(probe.DurationSeconds))
            .CancellableThrough(timeout.Token);

        logger.LogDebug("ffmpeg {Arguments}", processor.Arguments);
        await RunAsync(processor, limit, timeout, ct);
    }

    /// <summary>A poster frame from a tenth of the way in (past fades from black), at most 1280 wide.</summary>
    public async Task<string> ExtractPosterAsync(string input, string outputDirectory, ProbeResult probe, CancellationToken ct)
    {
        var path = Path.Combine(outputDirectory, Poster);
        var at = Math.Min(probe.DurationSeconds * 0.1, Math.Max(0, probe.DurationSeconds - 1));
        await ExtractFrameAsync(at);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            // A seek past the last decodable frame writes nothing: take the very first frame instead.
            await ExtractFrameAsync(0);
        }

        return File.Exists(path) && new FileInfo(path).Length > 0
            ? path
            : throw new MediaRejectedException("No picture could be decoded from the video.");

        async Task ExtractFrameAsync(double seconds)
        {
            var processor = CreatePosterProcessor(input, path, probe, seconds, limits.Value);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var limit = TimeSpan.FromSeconds(60);
            timeout.CancelAfter(limit);
            await RunAsync(processor.CancellableThrough(timeout.Token), limit, timeout, ct);
        }
    }

    /// <summary>The widths cards and the player pick from (<c>srcset</c>); never wider than the poster itself.</summary>
    public static readonly int[] PosterWidths = [320, 640, 1280];

    /// <summary>
    /// The poster in every width of <see cref="PosterWidths"/> it covers (its own width when narrower than all), as WebP
    /// and JPEG, from one ffmpeg run over the extracted poster.
    /// </summary>
    public async Task<IReadOnlyList<PosterFile>> ResizePosterAsync(string poster, string outputDirectory, ProbeResult probe, CancellationToken ct)
    {
        var variants = PosterVariants(probe, outputDirectory);
        var processor = CreatePosterVariantsProcessor(poster, variants);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var limit = TimeSpan.FromSeconds(60);
        timeout.CancelAfter(limit);
        await RunAsync(processor.CancellableThrough(timeout.Token), limit, timeout, ct);
        return variants.All(v => File.Exists(v.Path) && new FileInfo(v.Path).Length > 0)
            ? variants
            : throw new InvalidOperationException("ffmpeg did not write every poster size.");
    }

    public static IReadOnlyList<PosterFile> PosterVariants(ProbeResult probe, string outputDirectory)
    {
        var posterWidth = Ladder.Even(Math.Min(PosterMaxWidth, probe.DisplayWidth));
        var widths = PosterWidths.Where(w => w <= posterWidth).DefaultIfEmpty(posterWidth);
        return [.. widths.SelectMany(width =>
        {
            var height = Ladder.Even((int)Math.Round((double)width * probe.DisplayHeight / probe.DisplayWidth));
            return new[] { (Storage.MediaHeaders.WebP, "webp"), (Storage.MediaHeaders.Jpeg, "jpg") }
                .Select(t => new PosterFile(width, height, t.Item1, Path.Combine(outputDirectory, $"poster-{width}.{t.Item2}")));
        })];
    }

    public static FFMpegArgumentProcessor CreatePosterVariantsProcessor(string poster, IReadOnlyList<PosterFile> variants)
    {
        var inv = CultureInfo.InvariantCulture;
        var args = new StringBuilder();
        for (var i = 0; i < variants.Count; i++)
        {
            var v = variants[i];
            // Lanczos for downscaling detail; WebP at quality 75 (about a third smaller than the JPEG), JPEG at q 4.
            var codec = v.ContentType == Storage.MediaHeaders.WebP ? "-c:v libwebp -quality 75 -compression_level 4" : "-q:v 4";
            args.Append(inv, $"-map 0:v:0 -frames:v 1 -vf scale={v.Width}:{v.Height}:flags=lanczos,setsar=1 {codec} -map_metadata -1 -update 1");
            if (i < variants.Count - 1)
            {
                args.Append(inv, $" \"{v.Path}\" ");
            }
        }

        return FFMpegArguments.FromFileInput(poster, verifyExists: true)
            .OutputToFile(variants[^1].Path, overwrite: true, o => o.WithCustomArgument(args.ToString()));
    }

    public static FFMpegArgumentProcessor CreatePosterProcessor(string input, string output, ProbeResult probe, double atSeconds, MediaLimits limits)
    {
        var width = Math.Min(PosterMaxWidth, probe.DisplayWidth);
        var height = Ladder.Even((int)Math.Round((double)width * probe.DisplayHeight / probe.DisplayWidth));
        return FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o
                .WithCustomArgument(Prober.SafeInputArguments(limits))
                .WithCustomArgument(string.Create(CultureInfo.InvariantCulture, $"-ss {atSeconds:0.###}")))
            .OutputToFile(output, overwrite: true, o => o.WithCustomArgument(string.Create(CultureInfo.InvariantCulture,
                $"-map 0:{probe.VideoStreamIndex} -frames:v 1 -vf scale={Ladder.Even(width)}:{height},setsar=1 -q:v 3 -update 1 -map_metadata -1")));
    }

    /// <summary>The whole single-pass command: the hardened input, the ladder's HLS output, then the storyboard sprite.</summary>
    public static FFMpegArgumentProcessor CreateProcessor(
        string input, string outputDirectory, ProbeResult probe, IReadOnlyList<Rung> ladder, Storyboard storyboard, MediaLimits limits, string preset) =>
        FFMpegArguments
            .FromFileInput(input, verifyExists: true, o => o.WithCustomArgument(Prober.SafeInputArguments(limits)))
            .OutputToFile(Path.Combine(outputDirectory, StoryboardImage), overwrite: true, o => o
                .WithCustomArgument(BuildOutputArguments(outputDirectory, probe, ladder, storyboard, preset)));

    /// <summary>
    /// Everything after the input: the split filter graph, one H.264 (+ AAC) stream per rung into the HLS muxer,
    /// then the options of the storyboard image, the final output (whose path FFMpegCore appends).
    /// </summary>
    public static string BuildOutputArguments(string outputDirectory, ProbeResult probe, IReadOnlyList<Rung> ladder, Storyboard storyboard, string preset)
    {
        var inv = CultureInfo.InvariantCulture;
        var gop = Math.Max(1, (int)Math.Round(probe.FrameRate * SegmentSeconds));
        var graph = new StringBuilder();
        graph.Append(inv, $"[0:{probe.VideoStreamIndex}]split={ladder.Count + 1}");
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
            if (probe.AudioStreamIndex is { } audio)
            {
                args.Append(inv, $" -map 0:{audio}");
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
        args.Append(" -map_metadata -1 -map_chapters -1 -max_muxing_queue_size 4096");
        args.Append(inv, $" -f hls -hls_time {SegmentSeconds} -hls_playlist_type event -hls_list_size 0 -hls_flags independent_segments+temp_file");
        args.Append(inv, $" -hls_segment_type mpegts -hls_segment_filename \"{outputDirectory}/%v/{SegmentPattern}\"");
        args.Append(inv, $" -var_stream_map \"{streamMap}\" \"{outputDirectory}/%v/{VariantPlaylist}\"");

        // Second output: the storyboard sprite, one image once every tile is filled (its path is appended by FFMpegCore).
        args.Append(" -map [sb] -frames:v 1 -q:v 4 -update 1 -map_metadata -1");
        return args.ToString();
    }

    public const string SegmentPattern = "seg_%05d.ts";

    /// <summary>
    /// Playlists are EVENT playlists while encoding, which players treat like live streams and join at the live edge;
    /// a video is watched from its beginning.
    /// </summary>
    public const string StartAtBeginning = "#EXT-X-START:TIME-OFFSET=0\n";

    public const string IFramePlaylist = "iframes.m3u8";

    /// <summary>AAC-LC, what the ladder's audio is encoded as.</summary>
    public const string AudioCodec = "mp4a.40.2";

    /// <summary>
    /// The master playlist, written by us so it only lists renditions that exist. While encoding, bandwidths are the
    /// encoder's targets; once every rendition is complete they are measured from the segments (Apple's HLS Authoring
    /// Specification: BANDWIDTH the peak segment bit rate, AVERAGE-BANDWIDTH the mean) and I-frame playlists are listed.
    /// </summary>
    /// <param name="renditions">Lowest rung first: players that start on the first variant start fast.</param>
    public static string BuildMasterPlaylist(IReadOnlyList<RenditionFacts> renditions, ProbeResult probe)
    {
        var inv = CultureInfo.InvariantCulture;
        var master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-INDEPENDENT-SEGMENTS\n" + StartAtBeginning);
        foreach (var r in renditions)
        {
            var codecs = probe.HasAudio ? $"{r.VideoCodec},{AudioCodec}" : r.VideoCodec;
            var (peak, average) = r.Measured is { } m ? (m.PeakBitsPerSecond, m.AverageBitsPerSecond) : (r.Rung.Bandwidth(probe.HasAudio), r.Rung.AverageBandwidth(probe.HasAudio));
            master.Append(inv, $"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},CODECS=\"{codecs}\",RESOLUTION={r.Rung.Width}x{r.Rung.Height},FRAME-RATE={probe.FrameRate:0.000}\n");
            master.Append(inv, $"{r.Rung.Name}/{VariantPlaylist}\n");
        }

        foreach (var r in renditions)
        {
            if (r.Measured is { } m)
            {
                master.Append(inv, $"#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH={m.IFramePeakBitsPerSecond},AVERAGE-BANDWIDTH={m.IFrameAverageBitsPerSecond},CODECS=\"{r.VideoCodec}\",RESOLUTION={r.Rung.Width}x{r.Rung.Height},URI=\"{r.Rung.Name}/{IFramePlaylist}\"\n");
            }
        }

        return master.ToString();
    }

    /// <summary>
    /// One picture per segment (segments start on a keyframe and hold one GOP): each entry is the byte range of the
    /// segment's PAT, PMT and first picture, which a player decodes alone for scrubbing and trick play.
    /// </summary>
    public static string BuildIFramePlaylist(IReadOnlyList<(MediaSegment Segment, SegmentFacts Facts)> segments)
    {
        var inv = CultureInfo.InvariantCulture;
        var target = (int)Math.Ceiling(segments.Max(s => s.Segment.DurationSeconds));
        var playlist = new StringBuilder();
        playlist.Append(inv, $"#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var (segment, facts) in segments)
        {
            playlist.Append(inv, $"#EXTINF:{segment.DurationSeconds:0.000000},\n#EXT-X-BYTERANGE:{facts.KeyframeEnd}@0\n{segment.Uri}\n");
        }

        playlist.Append("#EXT-X-ENDLIST\n");
        return playlist.ToString();
    }

    private async Task RunAsync(FFMpegArgumentProcessor processor, TimeSpan limit, CancellationTokenSource timeout, CancellationToken ct)
    {
        try
        {
            await processor.ProcessAsynchronously(throwOnError: true, tools.Options);
        }
        catch (Exception e) when (e is not OperationCanceledException && ct.IsCancellationRequested)
        {
            // FFMpegCore kills ffmpeg on cancellation and reports it as a failed run.
            throw new OperationCanceledException("ffmpeg was stopped.", e, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"ffmpeg exceeded its time limit ({limit.TotalSeconds:0} s).", e);
        }

        ct.ThrowIfCancellationRequested();
        if (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"ffmpeg exceeded its time limit ({limit.TotalSeconds:0} s).");
        }
    }
}

/// <summary>One right-sized poster file on the worker's disk.</summary>
public sealed record PosterFile(int Width, int Height, string ContentType, string Path);

public sealed class TranscodeOptions
{
    /// <summary>x264 preset: speed against size. <c>veryfast</c> keeps a 2-core worker near real time for 1080p.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>Where jobs get their scratch folders (source, encoded outputs); each job's folder is removed when it ends.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "venvid-worker");
}
