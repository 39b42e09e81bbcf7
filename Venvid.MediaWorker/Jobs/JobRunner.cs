using System.Diagnostics;
using System.Net;
using Amazon.S3;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;
using Refit;
using Venvid.Contracts;
using Venvid.MediaWorker.Media;

namespace Venvid.MediaWorker.Jobs;

public sealed class JobRunnerOptions
{
    public const string Section = "Venvid:Worker:Jobs";

    /// <summary>Jobs run at once. ffmpeg already uses every core, so one job per four cores (at least one).</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 4);

    /// <summary>How long one claim request waits on the API for a job (long poll).</summary>
    public int ClaimWaitSeconds { get; set; } = 20;

    /// <summary>Longest pause between claims while the API is failing.</summary>
    public int MaxBackoffSeconds { get; set; } = 30;
}

/// <summary>
/// Claims transcode jobs from the API (long poll, so a new job starts within a second), keeps each lease renewed
/// while its job runs, and reports the outcome. On shutdown ffmpeg is killed and the lease released, so the next
/// worker picks the job up at once instead of waiting for the lease to run out.
/// </summary>
public sealed class JobRunner(
    IWorkerApi api,
    JobProcessor processor,
    IOptions<JobRunnerOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>Outcome calls must fit in the host's shutdown allowance alongside stopping ffmpeg.</summary>
    private static readonly TimeSpan OutcomeTimeout = TimeSpan.FromSeconds(8);

    /// <summary>One trace per job (a consumer span: work taken from a queue); the claim's long poll traces nothing.</summary>
    private static readonly ActivitySource Jobs = new("Venvid.MediaWorker.Jobs");
    private readonly string _workerId = $"{Environment.MachineName}/{Environment.ProcessId}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        processor.RemoveStaleWorkFolders(TimeSpan.FromHours(12));
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(slot => RunSlotAsync(slot, stoppingToken)));
    }

    private async Task RunSlotAsync(int slot, CancellationToken stoppingToken)
    {
        var workerId = $"{_workerId}/{slot}";
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            JobLease? lease;
            try
            {
                var response = await api.ClaimAsync(new ClaimRequest(workerId, options.Value.ClaimWaitSeconds), stoppingToken);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    failures = 0;
                    continue;
                }

                if (!response.IsSuccessStatusCode || response.Content is null)
                {
                    throw new HttpRequestException($"Claim answered {(int?)response.StatusCode}.", response.Error, response.StatusCode);
                }

                lease = response.Content;
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                var delay = Backoff(failures);
                logger.LogWarning(e, "Claiming a job failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await RunJobAsync(lease, stoppingToken);
        }
    }

    private async Task RunJobAsync(JobLease lease, CancellationToken stoppingToken)
    {
        using var activity = Jobs.StartActivity("process job", ActivityKind.Consumer);
        activity?.SetTag("venvid.job.id", lease.JobId);
        activity?.SetTag("venvid.video.id", lease.VideoId);
        activity?.SetTag("venvid.job.attempt", lease.Attempt);
        using var context = new JobLeaseContext(lease);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, context.Lost);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = lease.JobId, ["VideoId"] = lease.VideoId });
        logger.LogInformation("Job {JobId} (video {VideoId}, attempt {Attempt}) started", lease.JobId, lease.VideoId, lease.Attempt);
        var started = time.GetTimestamp();
        var keeping = KeepLeaseAsync(context, work.Token);
        try
        {
            var result = await processor.ProcessAsync(context, work.Token);
            await ReportAsync("complete", context, ct => api.CompleteAsync(lease.JobId, result, ct));
            logger.LogInformation("Job {JobId} completed in {Elapsed}", lease.JobId, time.GetElapsedTime(started));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Shutting down: job {JobId} stopped, releasing its lease", lease.JobId);
            await ReportAsync("release", context, ct => api.ReleaseAsync(lease.JobId, context.Token, ct));
        }
        catch (Exception) when (context.Lost.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} abandoned: the lease was lost ({Reason})", lease.JobId, context.LostReason);
        }
        catch (MediaRejectedException e)
        {
            logger.LogInformation("Job {JobId} rejected its input: {Reason}", lease.JobId, e.Message);
            await ReportAsync("fail", context, ct => api.FailAsync(lease.JobId, new JobFailure(lease.Lease, TextRules.Printable(e.Message), Permanent: true), ct));
        }
        catch (Exception e)
        {
            var reason = Describe(e);
            logger.LogWarning(e, "Job {JobId} failed (will be retried): {Reason}", lease.JobId, reason);
            await ReportAsync("fail", context, ct => api.FailAsync(lease.JobId, new JobFailure(lease.Lease, reason, Permanent: false), ct));
        }
        finally
        {
            await work.CancelAsync();
            await keeping;
        }
    }

    /// <summary>Renews every third of the lease; 409/404 (or running out unrenewed) means the job is no longer ours.</summary>
    private async Task KeepLeaseAsync(JobLeaseContext context, CancellationToken ct)
    {
        var interval = RenewInterval(context.Lease.LockedUntil, null);
        var deadline = time.GetUtcNow() + interval * 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, ct);
                try
                {
                    var response = await api.RenewAsync(context.JobId, context.Token, ct);
                    if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
                    {
                        context.MarkLost($"renewal answered {(int?)response.StatusCode}");
                        return;
                    }

                    if (response is { IsSuccessStatusCode: true, Content: { } renewed })
                    {
                        interval = RenewInterval(renewed.LockedUntil, response.Headers.Date);
                        deadline = time.GetUtcNow() + interval * 3;
                        continue;
                    }

                    logger.LogWarning("Renewing the lease of job {JobId} answered {Status}", context.JobId, (int?)response.StatusCode);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing the lease of job {JobId} failed", context.JobId);
                }

                if (time.GetUtcNow() >= deadline)
                {
                    context.MarkLost("the lease ran out without renewal");
                    return;
                }

                interval = TimeSpan.FromSeconds(2);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>A third of the lease, measured against the API's clock (its Date header) when known, so clock skew does not matter.</summary>
    private TimeSpan RenewInterval(DateTimeOffset lockedUntil, DateTimeOffset? serverNow)
    {
        var length = lockedUntil - (serverNow ?? time.GetUtcNow());
        return TimeSpan.FromTicks(Math.Clamp(length.Ticks / 3, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(5).Ticks));
    }

    /// <summary>Outcome calls get their own short deadline: they must happen even while the host is stopping.</summary>
    private async Task ReportAsync(string what, JobLeaseContext context, Func<CancellationToken, Task<IApiResponse>> call)
    {
        using var timeout = new CancellationTokenSource(OutcomeTimeout, time);
        try
        {
            var response = await call(timeout.Token);
            if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                logger.LogWarning("Job {JobId} {What}: the lease was no longer ours ({Status})", context.JobId, what, (int?)response.StatusCode);
            }
            else if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Job {JobId} {What} answered {Status}: {Error}", context.JobId, what, (int?)response.StatusCode, response.Error?.Message);
            }
        }
        catch (Exception e)
        {
            // The lease runs out on its own and the API retries the job; nothing else to do here.
            logger.LogWarning(e, "Job {JobId} {What} could not be sent", context.JobId, what);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(options.Value.MaxBackoffSeconds, Math.Pow(2, Math.Min(failures, 10) - 1));
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    /// <summary>A short reason for the video's record; details stay in the logs.</summary>
    public static string Describe(Exception e)
    {
        var reason = e switch
        {
            // An HTTP client's deadline (storage's RequestTimeout): its own message is only "The operation was canceled."
            TimeoutException { InnerException: TaskCanceledException } => "A request to storage or the API timed out.",
            TimeoutException => e.Message,
            FFMpegException => "Transcoding failed: " + LastLine(e.Message),
            AmazonS3Exception s3 => $"Storage error ({s3.ErrorCode ?? s3.StatusCode.ToString()}): {s3.Message}",
            HttpRequestException => "Network error: " + e.Message,
            _ => $"Processing failed ({e.GetType().Name}): {e.Message}",
        };
        // Tools print what a file holds; the API takes no control characters (TextRules).
        reason = TextRules.Printable(reason);
        return reason.Length <= 500 ? reason : reason[..497] + "...";
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? text;
}
