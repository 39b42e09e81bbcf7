using Refit;

namespace Venvid.Contracts;

/// <summary>
/// The API's internal job endpoints for media workers. Served only on the API (never routed by the Web host)
/// and authenticated with the service credential header <see cref="WorkerAuth.HeaderName"/>.
/// </summary>
public interface IWorkerApi
{
    [Get("/internal/worker/ping")]
    Task<WorkerPing> PingAsync(CancellationToken ct = default);

    /// <summary>Long-polls up to <paramref name="waitSeconds"/> for a job; 204 when none arrived.</summary>
    [Post("/internal/jobs/claim")]
    Task<IApiResponse<JobLease>> ClaimAsync([Body] ClaimRequest request, CancellationToken ct = default);

    [Post("/internal/jobs/{jobId}/renew")]
    Task<IApiResponse<JobLease>> RenewAsync(long jobId, [Body] LeaseToken lease, CancellationToken ct = default);

    [Post("/internal/jobs/{jobId}/progress")]
    Task<IApiResponse> ReportProgressAsync(long jobId, [Body] JobProgress progress, CancellationToken ct = default);

    [Post("/internal/jobs/{jobId}/complete")]
    Task<IApiResponse> CompleteAsync(long jobId, [Body] JobResult result, CancellationToken ct = default);

    [Post("/internal/jobs/{jobId}/fail")]
    Task<IApiResponse> FailAsync(long jobId, [Body] JobFailure failure, CancellationToken ct = default);

    [Post("/internal/jobs/{jobId}/release")]
    Task<IApiResponse> ReleaseAsync(long jobId, [Body] LeaseToken lease, CancellationToken ct = default);
}

public static class WorkerAuth
{
    public const string HeaderName = "X-Venvid-Service-Key";
}

public sealed record WorkerPing(string Service, DateTimeOffset Time);

public sealed record ClaimRequest(string WorkerId, int WaitSeconds);

public sealed record LeaseToken(Guid Lease);

/// <summary>A claimed job: the worker owns it until <see cref="LockedUntil"/> unless it renews.</summary>
public sealed record JobLease(
    long JobId,
    Guid Lease,
    string VideoId,
    int Attempt,
    string SourceKey,
    string OutputPrefix,
    DateTimeOffset LockedUntil);

public sealed record JobProgress(
    Guid Lease,
    int Progress,
    IReadOnlyList<RenditionReport> Renditions,
    ProbeReport? Probe = null,
    string? MasterPlaylistKey = null,
    string? ThumbnailKey = null,
    string? StoryboardKey = null,
    IReadOnlyList<PosterReport>? Posters = null);

public sealed record RenditionReport(string Name, int Width, int Height, int Bitrate, string PlaylistKey, bool Ready);

public sealed record ProbeReport(double DurationSeconds, int Width, int Height, double FrameRate, bool HasAudio);

public sealed record JobResult(
    Guid Lease,
    ProbeReport Probe,
    IReadOnlyList<RenditionReport> Renditions,
    string MasterPlaylistKey,
    string ThumbnailKey,
    string? StoryboardKey,
    IReadOnlyList<PosterReport>? Posters = null);

/// <summary>One right-sized copy of the poster: its size, image type (<c>image/webp</c>, <c>image/jpeg</c>) and storage key.</summary>
public sealed record PosterReport(int Width, int Height, string ContentType, string Key);

/// <summary><paramref name="Permanent"/> failures (the input is unusable) are not retried.</summary>
public sealed record JobFailure(Guid Lease, string Reason, bool Permanent);
