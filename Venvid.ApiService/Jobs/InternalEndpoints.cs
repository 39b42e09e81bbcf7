using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Views;
using Venvid.Contracts;

namespace Venvid.ApiService.Jobs;

/// <summary>
/// The worker-facing job API. Served by the API only (the Web host routes <c>/api</c> and <c>/media</c>, never
/// <c>/internal</c>) and guarded by the service credential. A lease that is no longer the caller's answers 409.
/// </summary>
public static class InternalEndpoints
{
    public static IEndpointRouteBuilder MapInternalEndpoints(this IEndpointRouteBuilder app)
    {
        var internalApi = app.MapGroup("/internal")
            .AddEndpointFilter<ServiceKeyFilter>()
            .ExcludeFromDescription();

        internalApi.MapGet("/worker/ping", (TimeProvider time) => TypedResults.Ok(new WorkerPing("api", time.GetUtcNow())));

        var jobs = internalApi.MapGroup("/jobs");
        jobs.MapPost("/claim", Claim);
        jobs.MapPost("/{jobId:long}/renew", Renew);
        jobs.MapPost("/{jobId:long}/progress", Progress);
        jobs.MapPost("/{jobId:long}/complete", Complete);
        jobs.MapPost("/{jobId:long}/fail", Fail);
        jobs.MapPost("/{jobId:long}/release", Release);

        // What the dashboard's operator commands call (AppHost, run mode).
        var operate = internalApi.MapGroup("/operator");
        operate.MapPost("/views/flush", FlushViews);
        operate.MapPost("/jobs/requeue-failed", RequeueFailed);
        return app;
    }

    /// <summary>Writes this replica's queued views to Postgres now rather than at the next tick (503 while Postgres is away).</summary>
    public static async Task<NoContent> FlushViews(ViewWriter views, CancellationToken ct)
    {
        await views.DrainAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<RequeuedJobs>> RequeueFailed(JobQueue queue, CancellationToken ct) =>
        TypedResults.Ok(new RequeuedJobs(await queue.RequeueFailedAsync(ct)));

    public sealed record RequeuedJobs(int Requeued);

    /// <summary>Long poll: answers with a lease as soon as a job is claimable, or 204 after the wait.</summary>
    public static async Task<Results<Ok<JobLease>, NoContent, ValidationProblem>> Claim(
        ClaimRequest request, JobQueue queue, JobSignal signal, IOptions<JobOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.WorkerId) || request.WorkerId.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["workerId"] = ["A worker id of 1–200 characters is required."] });
        }

        var wait = TimeSpan.FromSeconds(Math.Clamp(request.WaitSeconds, 0, options.Value.MaxClaimWaitSeconds));
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var lease = await queue.TryClaimAsync(request.WorkerId, ct);
            if (lease is not null)
            {
                return TypedResults.Ok(lease);
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return TypedResults.NoContent();
            }

            // Woken by NOTIFY; the short cap also catches retries coming due and leases running out.
            await signal.WaitAsync(remaining < TimeSpan.FromSeconds(2) ? remaining : TimeSpan.FromSeconds(2), ct);
        }
    }

    public static async Task<Results<Ok<JobLease>, NotFound, Conflict>> Renew(long jobId, LeaseToken lease, JobQueue queue, CancellationToken ct)
    {
        var (outcome, lockedUntil) = await queue.RenewAsync(jobId, lease.Lease, ct);
        return outcome switch
        {
            JobQueue.Outcome.Done => TypedResults.Ok(new JobLease(jobId, lease.Lease, "", 0, "", "", lockedUntil)),
            JobQueue.Outcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Conflict(),
        };
    }

    public static async Task<Results<NoContent, NotFound, Conflict>> Progress(long jobId, JobProgress progress, JobQueue queue, CancellationToken ct) =>
        ToResult(await queue.ReportProgressAsync(jobId, progress, ct));

    public static async Task<Results<NoContent, NotFound, Conflict, ValidationProblem>> Complete(long jobId, JobResult result, JobQueue queue, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(result.MasterPlaylistKey) || result.Renditions.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["renditions"] = ["A completed job has a master playlist and renditions."] });
        }

        return await queue.CompleteAsync(jobId, result, ct) switch
        {
            JobQueue.Outcome.Done => TypedResults.NoContent(),
            JobQueue.Outcome.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Conflict(),
        };
    }

    public static async Task<Results<NoContent, NotFound, Conflict>> Fail(long jobId, JobFailure failure, JobQueue queue, CancellationToken ct) =>
        ToResult(await queue.FailAsync(jobId, failure, ct));

    public static async Task<Results<NoContent, NotFound, Conflict>> Release(long jobId, LeaseToken lease, JobQueue queue, CancellationToken ct) =>
        ToResult(await queue.ReleaseAsync(jobId, lease.Lease, ct));

    private static Results<NoContent, NotFound, Conflict> ToResult(JobQueue.Outcome outcome) => outcome switch
    {
        JobQueue.Outcome.Done => TypedResults.NoContent(),
        JobQueue.Outcome.NotFound => TypedResults.NotFound(),
        _ => TypedResults.Conflict(),
    };
}
