using System.Collections.Concurrent;
using System.Net;
using Refit;
using Venvid.Contracts;
using Venvid.MediaWorker.Storage;

namespace Venvid.Tests.Media;

/// <summary>Storage in memory, remembering each write's headers and order.</summary>
public sealed class MemoryMediaStore : IMediaStore
{
    public ConcurrentDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<string> Writes { get; } = new();

    public async Task DownloadAsync(string key, string path, CancellationToken ct)
    {
        var stored = Objects.TryGetValue(key, out var o) ? o : throw new FileNotFoundException(key);
        await File.WriteAllBytesAsync(path, stored.Body, ct);
    }

    public async Task PutFileAsync(string key, string path, string contentType, string cacheControl, CancellationToken ct) =>
        Put(key, await File.ReadAllBytesAsync(path, ct), contentType, cacheControl);

    public Task PutTextAsync(string key, string text, string contentType, string cacheControl, CancellationToken ct)
    {
        Put(key, System.Text.Encoding.UTF8.GetBytes(text), contentType, cacheControl);
        return Task.CompletedTask;
    }

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var keys = Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var key in keys)
        {
            Objects.TryRemove(key, out _);
        }

        return Task.FromResult(keys.Count);
    }

    public string Text(string key) => System.Text.Encoding.UTF8.GetString(Objects[key].Body);

    private void Put(string key, byte[] body, string contentType, string cacheControl)
    {
        Objects[key] = new StoredObject(body, contentType, cacheControl);
        Writes.Enqueue(key);
    }

    public sealed record StoredObject(byte[] Body, string ContentType, string CacheControl);
}

/// <summary>The API's job endpoints as the worker sees them, scripted per test and recording every call.</summary>
public sealed class FakeWorkerApi : IWorkerApi
{
    private readonly ConcurrentQueue<JobLease> _jobs = new();

    public ConcurrentQueue<JobProgress> Progress { get; } = new();
    public ConcurrentQueue<JobResult> Completed { get; } = new();
    public ConcurrentQueue<JobFailure> Failed { get; } = new();
    public ConcurrentQueue<LeaseToken> Released { get; } = new();
    public int Renewals;
    public HttpStatusCode RenewStatus { get; set; } = HttpStatusCode.OK;
    public TimeSpan LeaseLength { get; set; } = TimeSpan.FromSeconds(45);

    public void Enqueue(JobLease lease) => _jobs.Enqueue(lease);

    public Task<WorkerPing> PingAsync(CancellationToken ct = default) => Task.FromResult(new WorkerPing("fake", DateTimeOffset.UtcNow));

    public async Task<IApiResponse<JobLease>> ClaimAsync(ClaimRequest request, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(request.WaitSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_jobs.TryDequeue(out var job))
            {
                return Response(HttpStatusCode.OK, job with { LockedUntil = DateTimeOffset.UtcNow + LeaseLength });
            }

            await Task.Delay(50, ct);
        }

        return Response<JobLease>(HttpStatusCode.NoContent, null);
    }

    public Task<IApiResponse<JobLease>> RenewAsync(long jobId, LeaseToken lease, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Renewals);
        IApiResponse<JobLease> response = RenewStatus == HttpStatusCode.OK
            ? Response(HttpStatusCode.OK, new JobLease(jobId, lease.Lease, "", 0, "", "", DateTimeOffset.UtcNow + LeaseLength))
            : Response<JobLease>(RenewStatus, null);
        return Task.FromResult(response);
    }

    public Task<IApiResponse> ReportProgressAsync(long jobId, JobProgress progress, CancellationToken ct = default)
    {
        Progress.Enqueue(progress);
        return NoContent();
    }

    public Task<IApiResponse> CompleteAsync(long jobId, JobResult result, CancellationToken ct = default)
    {
        Completed.Enqueue(result);
        return NoContent();
    }

    public Task<IApiResponse> FailAsync(long jobId, JobFailure failure, CancellationToken ct = default)
    {
        Failed.Enqueue(failure);
        return NoContent();
    }

    public Task<IApiResponse> ReleaseAsync(long jobId, LeaseToken lease, CancellationToken ct = default)
    {
        Released.Enqueue(lease);
        return NoContent();
    }

    private static Task<IApiResponse> NoContent() =>
        Task.FromResult<IApiResponse>(Response<object>(HttpStatusCode.NoContent, null));

    private static ApiResponse<T> Response<T>(HttpStatusCode status, T? content) =>
        new(new HttpResponseMessage(status) { RequestMessage = new HttpRequestMessage() }, content, new RefitSettings());
}
