using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Data;
using Venvid.ApiService.Processing;
using Venvid.Contracts;

namespace Venvid.ApiService.Jobs;

/// <summary>
/// The media job queue, a table in Postgres. Jobs are written in the same transaction as the change that needs
/// them, claimed with <c>FOR UPDATE SKIP LOCKED</c> under a lease that the worker renews, retried with backoff,
/// and declared dead (video failed) after <see cref="JobOptions.MaxAttempts"/>.
/// Leases are timed by the database clock, so replicas with skewed clocks agree.
/// </summary>
public sealed class JobQueue(VenvidDbContext db, IOptions<JobOptions> options, VideoChanges changes, TimeProvider time, ILogger<JobQueue> logger)
{
    public enum Outcome { Done, NotFound, LeaseLost }

    /// <summary>Adds a transcode job to the caller's unit of work; it becomes visible (and wakes workers) on commit.</summary>
    public async Task EnqueueTranscodeAsync(string videoId, CancellationToken ct)
    {
        db.Jobs.Add(new Job
        {
            VideoId = videoId,
            Kind = JobKinds.Transcode,
            State = JobStates.Queued,
            MaxAttempts = options.Value.MaxAttempts,
            RunAfter = time.GetUtcNow(),
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"NOTIFY {JobSignal.Channel}", ct);
    }

    /// <summary>Claims the oldest runnable job (queued and due, or running with an expired lease and attempts left).</summary>
    public async Task<JobLease?> TryClaimAsync(string workerId, CancellationToken ct)
    {
        var lease = Guid.NewGuid();
        var leaseSeconds = options.Value.LeaseSeconds;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Database.SqlQuery<ClaimedJob>($"""
                WITH next AS (
                    SELECT id FROM jobs
                    WHERE (state = 'queued' AND run_after <= now())
                       OR (state = 'running' AND locked_until < now() AND attempts < max_attempts)
                    ORDER BY run_after, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                UPDATE jobs AS j
                SET state = 'running', attempts = j.attempts + 1, lease = {lease}, locked_by = {workerId},
                    locked_until = now() + make_interval(secs => {leaseSeconds}), updated_at = now()
                FROM next WHERE j.id = next.id
                RETURNING j.id AS job_id, j.video_id, j.attempts, j.locked_until
                """).ToListAsync(ct);
            if (claimed.Count == 0)
            {
                return null;
            }

            var job = claimed[0];
            var video = await db.Videos.SingleOrDefaultAsync(v => v.Id == job.VideoId, ct);
            if (video is null || video.DeletedAt is not null || video.SourceKey is null)
            {
                // Deleted while queued: nothing to do; bury the job and look again.
                await db.Jobs.Where(j => j.Id == job.JobId).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobStates.Dead)
                    .SetProperty(j => j.Lease, (Guid?)null)
                    .SetProperty(j => j.LastError, "The video no longer exists."), ct);
                await transaction.CommitAsync(ct);
                continue;
            }

            var prefix = OutputPrefix(video.Id, job.JobId);
            video.Status = VideoStatuses.Processing;
            video.Progress = 0;
            video.FailureReason = null;
            video.MediaPrefix = prefix;
            // A retry republishes from scratch: hide the previous attempt's playlist until the new one exists.
            video.MasterPlaylistKey = null;
            video.UpdatedAt = time.GetUtcNow();
            await db.Renditions.Where(r => r.VideoId == video.Id).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.PublishAsync(video.Id, ct);

            logger.LogInformation("Job {JobId} for video {VideoId} claimed by {WorkerId} (attempt {Attempt})", job.JobId, video.Id, workerId, job.Attempts);
            return new JobLease(job.JobId, lease, video.Id, job.Attempts, video.SourceKey, prefix, job.LockedUntil);
        }
    }

    /// <summary>Outputs of a job live under a prefix keyed by the job: a retry of the same job overwrites, never duplicates.</summary>
    public static string OutputPrefix(string videoId, long jobId) => Venvid.Contracts.Storage.MediaKeys.JobOutput(videoId, jobId);

    public async Task<(Outcome Outcome, DateTimeOffset LockedUntil)> RenewAsync(long jobId, Guid lease, CancellationToken ct)
    {
        var leaseSeconds = options.Value.LeaseSeconds;
        var renewed = await db.Database.SqlQuery<DateTimeOffset>($"""
            UPDATE jobs SET locked_until = now() + make_interval(secs => {leaseSeconds}), updated_at = now()
            WHERE id = {jobId} AND lease = {lease} AND state = 'running'
            RETURNING locked_until AS "Value"
            """).ToListAsync(ct);
        return renewed.Count == 1 ? (Outcome.Done, renewed[0]) : (await MissingOutcomeAsync(jobId, ct), default);
    }

    public async Task<Outcome> ReportProgressAsync(long jobId, JobProgress progress, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (outcome, video) = await LockOwnedAsync(jobId, progress.Lease, ct);
        if (outcome != Outcome.Done)
        {
            return outcome;
        }

        video!.Progress = Math.Clamp(progress.Progress, 0, 99);
        ApplyProbe(video, progress.Probe);
        video.MasterPlaylistKey = progress.MasterPlaylistKey ?? video.MasterPlaylistKey;
        video.ThumbnailKey = progress.ThumbnailKey ?? video.ThumbnailKey;
        video.StoryboardKey = progress.StoryboardKey ?? video.StoryboardKey;
        video.Posters = Posters(progress.Posters) ?? video.Posters;
        await ReplaceRenditionsAsync(video, progress.Renditions, ct);
        video.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await changes.PublishAsync(video.Id, ct);
        return Outcome.Done;
    }

    private static List<PosterVariant>? Posters(IReadOnlyList<PosterReport>? posters) =>
        posters is null ? null : [.. posters.Select(p => new PosterVariant(p.Width, p.Height, p.ContentType, p.Key))];

    public async Task<Outcome> CompleteAsync(long jobId, JobResult result, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (outcome, video) = await LockOwnedAsync(jobId, result.Lease, ct);
        if (outcome != Outcome.Done)
        {
            return outcome;
        }

        var now = time.GetUtcNow();
        ApplyProbe(video!, result.Probe);
        video!.Status = VideoStatuses.Ready;
        video.Progress = 100;
        video.FailureReason = null;
        video.MasterPlaylistKey = result.MasterPlaylistKey;
        video.ThumbnailKey = result.ThumbnailKey;
        video.StoryboardKey = result.StoryboardKey;
        video.Posters = Posters(result.Posters) ?? [];
        video.PublishedAt ??= now;
        video.UpdatedAt = now;
        await ReplaceRenditionsAsync(video, result.Renditions, ct);
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobStates.Succeeded)
            .SetProperty(j => j.Lease, (Guid?)null)
            .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.LastError, (string?)null)
            .SetProperty(j => j.UpdatedAt, now), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await changes.PublishAsync(video.Id, ct, listsChanged: true);
        logger.LogInformation("Job {JobId}: video {VideoId} is ready", jobId, video.Id);
        return Outcome.Done;
    }

    /// <summary>A failed attempt: retried with backoff, or — when permanent or out of attempts — the video fails with the reason.</summary>
    public async Task<Outcome> FailAsync(long jobId, JobFailure failure, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (outcome, video) = await LockOwnedAsync(jobId, failure.Lease, ct);
        if (outcome != Outcome.Done)
        {
            return outcome;
        }

        var job = await db.Jobs.SingleAsync(j => j.Id == jobId, ct);
        var reason = Truncate(failure.Reason, 1000);
        var now = time.GetUtcNow();
        job.Lease = null;
        job.LockedUntil = null;
        job.LastError = reason;
        job.UpdatedAt = now;
        if (failure.Permanent || job.Attempts >= job.MaxAttempts)
        {
            job.State = JobStates.Dead;
            MarkFailed(video!, failure.Permanent ? reason : $"Processing failed after {job.Attempts} attempts: {reason}", now);
            logger.LogWarning("Job {JobId}: video {VideoId} failed: {Reason}", jobId, video!.Id, reason);
        }
        else
        {
            job.State = JobStates.Queued;
            job.RunAfter = now + options.Value.RetryDelay(job.Attempts);
            video!.Status = VideoStatuses.Queued;
            video.Progress = 0;
            video.UpdatedAt = now;
            logger.LogWarning("Job {JobId} attempt {Attempt} failed, retrying after {RunAfter}: {Reason}", jobId, job.Attempts, job.RunAfter, reason);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await changes.PublishAsync(video.Id, ct);
        return Outcome.Done;
    }

    /// <summary>The worker gives a job back (it is shutting down): runnable again at once, and the attempt does not count.</summary>
    public async Task<Outcome> ReleaseAsync(long jobId, Guid lease, CancellationToken ct)
    {
        var released = await db.Jobs
            .Where(j => j.Id == jobId && j.Lease == lease && j.State == JobStates.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobStates.Queued)
                .SetProperty(j => j.Attempts, j => Math.Max(0, j.Attempts - 1))
                .SetProperty(j => j.Lease, (Guid?)null)
                .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.RunAfter, time.GetUtcNow())
                .SetProperty(j => j.UpdatedAt, time.GetUtcNow()), ct);
        if (released == 0)
        {
            return await MissingOutcomeAsync(jobId, ct);
        }

        await db.Database.ExecuteSqlRawAsync($"NOTIFY {JobSignal.Channel}", ct);
        return Outcome.Done;
    }

    /// <summary>
    /// Jobs whose lease ran out on their last attempt (the worker died each time) are dead; their videos fail.
    /// Returns how many were buried.
    /// </summary>
    public async Task<int> BuryAbandonedAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dead = await db.Database.SqlQuery<DeadJob>($"""
            UPDATE jobs SET state = 'dead', lease = NULL, locked_until = NULL, updated_at = now(),
                last_error = 'The worker stopped responding on every attempt.'
            WHERE state = 'running' AND locked_until < now() AND attempts >= max_attempts
            RETURNING id AS job_id, video_id, attempts
            """).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var job in dead)
        {
            var video = await db.Videos.SingleOrDefaultAsync(v => v.Id == job.VideoId, ct);
            if (video is not null && video.Status != VideoStatuses.Ready)
            {
                MarkFailed(video, $"Processing did not finish after {job.Attempts} attempts.", now);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        foreach (var job in dead)
        {
            await changes.PublishAsync(job.VideoId, ct);
        }

        return dead.Count;
    }

    /// <summary>
    /// An operator's retry (after fixing what made them fail): each failed video's last dead job is queued again
    /// with its attempts reset, the video back to <c>queued</c>. Returns how many videos were requeued.
    /// </summary>
    public async Task<int> RequeueFailedAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dead = await db.Jobs
            .Where(j => j.State == JobStates.Dead && db.Videos.Any(v => v.Id == j.VideoId && v.Status == VideoStatuses.Failed && v.DeletedAt == null))
            .ToListAsync(ct);
        var latest = dead.GroupBy(j => j.VideoId).Select(g => g.MaxBy(j => j.Id)!).ToList();
        var ids = latest.Select(j => j.VideoId).ToList();
        var videos = await db.Videos.Where(v => ids.Contains(v.Id)).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var job in latest)
        {
            job.State = JobStates.Queued;
            job.Attempts = 0;
            job.RunAfter = now;
            job.Lease = null;
            job.LockedUntil = null;
            job.UpdatedAt = now;
        }

        foreach (var video in videos)
        {
            video.Status = VideoStatuses.Queued;
            video.FailureReason = null;
            video.Progress = 0;
            video.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (videos.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync($"NOTIFY {JobSignal.Channel}", ct);
            logger.LogInformation("Requeued the jobs of {Count} failed videos", videos.Count);
        }

        foreach (var video in videos)
        {
            await changes.PublishAsync(video.Id, ct);
        }

        return videos.Count;
    }

    private static void MarkFailed(Video video, string reason, DateTimeOffset now)
    {
        video.Status = VideoStatuses.Failed;
        video.FailureReason = reason;
        video.Progress = 0;
        video.MasterPlaylistKey = null;
        video.UpdatedAt = now;
    }

    private static void ApplyProbe(Video video, ProbeReport? probe)
    {
        if (probe is null)
        {
            return;
        }

        video.DurationSeconds = Math.Round(probe.DurationSeconds, 3);
        video.Width = probe.Width;
        video.Height = probe.Height;
    }

    /// <summary>Locks the job row and checks the caller still holds its lease; returns the video to update.</summary>
    private async Task<(Outcome, Video?)> LockOwnedAsync(long jobId, Guid lease, CancellationToken ct)
    {
        var owned = await db.Database.SqlQuery<string>($"""
            SELECT video_id AS "Value" FROM jobs WHERE id = {jobId} AND lease = {lease} AND state = 'running' FOR UPDATE
            """).ToListAsync(ct);
        if (owned.Count == 0)
        {
            return (await MissingOutcomeAsync(jobId, ct), null);
        }

        var video = await db.Videos.SingleAsync(v => v.Id == owned[0], ct);
        return (Outcome.Done, video);
    }

    private async Task<Outcome> MissingOutcomeAsync(long jobId, CancellationToken ct) =>
        await db.Jobs.AnyAsync(j => j.Id == jobId, ct) ? Outcome.LeaseLost : Outcome.NotFound;

    private async Task ReplaceRenditionsAsync(Video video, IReadOnlyList<RenditionReport> reports, CancellationToken ct)
    {
        if (reports.Count == 0)
        {
            return;
        }

        var existing = await db.Renditions.Where(r => r.VideoId == video.Id).ToListAsync(ct);
        foreach (var report in reports)
        {
            var rendition = existing.FirstOrDefault(r => r.Name == report.Name);
            if (rendition is null)
            {
                rendition = new Rendition { VideoId = video.Id, Name = Truncate(report.Name, 16), PlaylistKey = report.PlaylistKey };
                db.Renditions.Add(rendition);
            }

            rendition.Width = report.Width;
            rendition.Height = report.Height;
            rendition.Bitrate = report.Bitrate;
            rendition.PlaylistKey = report.PlaylistKey;
            rendition.Ready = report.Ready;
        }

        db.Renditions.RemoveRange(existing.Where(r => reports.All(report => report.Name != r.Name)));
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private sealed record ClaimedJob(long JobId, string VideoId, int Attempts, DateTimeOffset LockedUntil);

    private sealed record DeadJob(long JobId, string VideoId, int Attempts);
}
