using System.Net;
using Microsoft.Extensions.Options;
using Venvid.Contracts;
using Venvid.MediaWorker.Media;
using Venvid.MediaWorker.Storage;

namespace Venvid.MediaWorker.Jobs;

/// <summary>
/// One transcode job from source to published ladder: download, probe, poster, single-pass encode with segments
/// published as they are produced, then storyboard and final playlists. Progress goes to the API every second.
/// </summary>
public sealed class JobProcessor(
    IMediaStore store,
    Prober prober,
    HlsTranscoder transcoder,
    IWorkerApi api,
    IOptions<TranscodeOptions> options,
    TimeProvider time,
    ILogger<JobProcessor> logger)
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>Shorter than this share of the source decoded means the file is truncated or damaged.</summary>
    private const double MinimumDecodedShare = 0.9;

    public async Task<JobResult> ProcessAsync(JobLeaseContext context, CancellationToken ct)
    {
        var lease = context.Lease;
        var workDirectory = Path.Combine(options.Value.WorkDirectory, $"job-{lease.JobId}-{lease.Lease:n}");
        var outputDirectory = Path.Combine(workDirectory, "out");
        Directory.CreateDirectory(outputDirectory);
        var state = new JobState();
        using var stopReporting = new CancellationTokenSource();
        var reporting = Task.CompletedTask;
        try
        {
            // A previous attempt of this job may have published part of a ladder: start from nothing.
            var stale = await store.DeletePrefixAsync(OutputPrefix(lease), ct);
            if (stale > 0)
            {
                logger.LogInformation("Removed {Count} objects left by an earlier attempt of job {JobId}", stale, lease.JobId);
            }

            var source = Path.Combine(workDirectory, "source" + SafeExtension(lease.SourceKey));
            await store.DownloadAsync(lease.SourceKey, source, ct);

            var probe = await prober.ProbeAsync(source, ct);
            var ladder = Ladder.For(probe.DisplayWidth, probe.DisplayHeight);
            var storyboard = Storyboard.For(probe.DurationSeconds, probe.DisplayWidth, probe.DisplayHeight);
            var publisher = new SegmentPublisher(store, outputDirectory, lease.OutputPrefix, ladder, probe, logger);
            state.Probe = probe.ToReport();
            state.Publisher = publisher;
            state.Progress = 1;
            logger.LogInformation("Job {JobId}: {Width}x{Height} {Duration:0.0}s {FrameRate:0.##} fps audio={HasAudio}; ladder {Ladder}",
                lease.JobId, probe.DisplayWidth, probe.DisplayHeight, probe.DurationSeconds, probe.FrameRate, probe.HasAudio,
                string.Join(",", ladder.Select(r => r.Name)));
            reporting = ReportWhileWorkingAsync(context, state, stopReporting.Token);

            // The poster first: the video has a face within seconds, long before the ladder is done.
            var poster = await transcoder.ExtractPosterAsync(source, workDirectory, probe, ct);
            var thumbnailKey = publisher.Key(HlsTranscoder.Poster);
            await store.PutFileAsync(thumbnailKey, poster, MediaHeaders.Jpeg, MediaHeaders.Immutable, ct);
            state.ThumbnailKey = thumbnailKey;
            var posters = new List<PosterReport>();
            foreach (var variant in await transcoder.ResizePosterAsync(poster, workDirectory, probe, ct))
            {
                var key = publisher.Key(Path.GetFileName(variant.Path));
                await store.PutFileAsync(key, variant.Path, variant.ContentType, MediaHeaders.Immutable, ct);
                posters.Add(new PosterReport(variant.Width, variant.Height, variant.ContentType, key));
            }

            state.Posters = posters;
            state.Progress = 2;

            await EncodeAndPublishAsync(source, outputDirectory, probe, ladder, storyboard, publisher, state, ct);

            await publisher.PublishPendingAsync(ct);
            if (!publisher.Ended)
            {
                throw new InvalidOperationException("ffmpeg finished without ending every rendition's playlist.");
            }

            if (publisher.PublishedSeconds < probe.DurationSeconds * MinimumDecodedShare - 1)
            {
                throw new MediaRejectedException(
                    $"Only {publisher.PublishedSeconds:0.#} s of the {probe.DurationSeconds:0.#} s video could be decoded; the file is probably truncated or damaged.");
            }

            await publisher.PublishCompleteAsync(ct);
            var storyboardKey = await PublishStoryboardAsync(outputDirectory, probe, storyboard, publisher, ct);
            state.StoryboardKey = storyboardKey;
            state.Progress = 99;

            return new JobResult(lease.Lease, probe.ToReport(), publisher.Renditions, publisher.MasterPlaylistKey, thumbnailKey, storyboardKey, posters);
        }
        catch (MediaRejectedException)
        {
            // A rejected input leaves nothing behind (a truncated file may have published part of a ladder).
            await DeleteOutputsQuietlyAsync(lease, ct);
            throw;
        }
        finally
        {
            await stopReporting.CancelAsync();
            await reporting;
            DeleteQuietly(workDirectory);
        }
    }

    /// <summary>Work folders a killed worker left behind (its <c>finally</c> never ran); recent ones may belong to a sibling process.</summary>
    public void RemoveStaleWorkFolders(TimeSpan olderThan)
    {
        var root = new DirectoryInfo(options.Value.WorkDirectory);
        if (!root.Exists)
        {
            return;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - olderThan;
        foreach (var folder in root.EnumerateDirectories("job-*").Where(d => d.LastWriteTimeUtc < cutoff))
        {
            DeleteQuietly(folder.FullName);
        }
    }

    public static string OutputPrefix(JobLease lease) => lease.OutputPrefix.TrimEnd('/') + "/";

    private async Task EncodeAndPublishAsync(
        string source, string outputDirectory, ProbeResult probe, IReadOnlyList<Rung> ladder, Storyboard storyboard,
        SegmentPublisher publisher, JobState state, CancellationToken ct)
    {
        using var encoding = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopPublishing = new CancellationTokenSource();
        var publishing = PublishUntilStoppedAsync();
        try
        {
            await transcoder.TranscodeAsync(source, outputDirectory, probe, ladder, storyboard,
                percent => state.Progress = Math.Clamp(2 + (int)(percent * 0.96), 2, 98), encoding.Token);
        }
        catch (OperationCanceledException) when (publishing.IsFaulted && !ct.IsCancellationRequested)
        {
            // The publisher failed and stopped ffmpeg: its error is the one to report (awaited below).
        }
        finally
        {
            await stopPublishing.CancelAsync();
            await publishing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        await publishing;

        async Task PublishUntilStoppedAsync()
        {
            try
            {
                await publisher.RunAsync(stopPublishing.Token, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Publishing segments failed; stopping ffmpeg");
                await encoding.CancelAsync();
                throw;
            }
        }
    }

    private async Task<string> PublishStoryboardAsync(string outputDirectory, ProbeResult probe, Storyboard storyboard, SegmentPublisher publisher, CancellationToken ct)
    {
        var sprite = Path.Combine(outputDirectory, HlsTranscoder.StoryboardImage);
        if (!File.Exists(sprite))
        {
            throw new InvalidOperationException("ffmpeg finished without writing the storyboard sprite.");
        }

        await store.PutFileAsync(publisher.Key(HlsTranscoder.StoryboardImage), sprite, MediaHeaders.Jpeg, MediaHeaders.Immutable, ct);
        var vttKey = publisher.Key(HlsTranscoder.StoryboardVtt);
        // The VTT names the sprite relatively: both live side by side wherever the media is served from.
        await store.PutTextAsync(vttKey, storyboard.ToWebVtt(HlsTranscoder.StoryboardImage, probe.DurationSeconds),
            MediaHeaders.WebVtt, MediaHeaders.Immutable, ct);
        return vttKey;
    }

    /// <summary>Sends progress every <see cref="ReportInterval"/>; a 409/404 means another worker owns the job now.</summary>
    private async Task ReportWhileWorkingAsync(JobLeaseContext context, JobState state, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ReportInterval, time);
        try
        {
            do
            {
                var publisher = state.Publisher!;
                var progress = new JobProgress(context.Lease.Lease, state.Progress, publisher.Renditions, state.Probe,
                    publisher.MasterPublished ? publisher.MasterPlaylistKey : null, state.ThumbnailKey, state.StoryboardKey, state.Posters);
                try
                {
                    var response = await api.ReportProgressAsync(context.JobId, progress, stop);
                    if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                    {
                        context.MarkLost($"progress report answered {(int?)response.StatusCode}");
                        return;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        logger.LogWarning("Progress report for job {JobId} answered {Status}", context.JobId, (int?)response.StatusCode);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Progress report for job {JobId} failed", context.JobId);
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task DeleteOutputsQuietlyAsync(JobLease lease, CancellationToken ct)
    {
        try
        {
            await store.DeletePrefixAsync(OutputPrefix(lease), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not remove the outputs of rejected job {JobId}", lease.JobId);
        }
    }

    private void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the work folder {Directory}", directory);
        }
    }

    /// <summary>Keeps a plain extension from the upload's key (a hint for demuxer probing), nothing else.</summary>
    private static string SafeExtension(string key)
    {
        var extension = Path.GetExtension(key);
        return extension.Length is > 1 and <= 6 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : "";
    }

    private sealed class JobState
    {
        private volatile int _progress;
        public int Progress { get => _progress; set => _progress = value; }
        public ProbeReport? Probe { get; set; }
        public SegmentPublisher? Publisher { get; set; }
        public string? ThumbnailKey { get; set; }
        public string? StoryboardKey { get; set; }
        public IReadOnlyList<PosterReport>? Posters { get; set; }
    }
}
