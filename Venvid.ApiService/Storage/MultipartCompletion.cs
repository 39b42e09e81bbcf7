using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Storage;

/// <summary>
/// Completes multipart uploads with a deadline that grows with the object. Storage assembles the parts while the call
/// is open (s3rver copies them into one file; S3 can take minutes for a large object), so the short per-request timeout
/// of every other storage call would fail a healthy 1 GiB completion, and retrying it would find the upload gone.
/// A completion that outlives its deadline fails as a <see cref="TimeoutException"/>: 503, and the client retries.
/// </summary>
public sealed class MultipartCompletion(
    [FromKeyedServices(MultipartCompletion.ClientKey)] IAmazonS3 s3, IOptions<StorageOptions> options)
{
    public const string ClientKey = "storage-completion";

    /// <summary>Storage assembles at least this fast; the deadline allows the base request timeout on top.</summary>
    private const double AssemblyBytesPerSecond = 50d * 1024 * 1024;

    private static readonly TimeSpan MaxDeadline = StorageOptions.MaxAssemblyTime;

    /// <summary>The deadline for completing an upload of <paramref name="sizeBytes"/>.</summary>
    public TimeSpan Deadline(long sizeBytes)
    {
        var deadline = options.Value.RequestTimeout + TimeSpan.FromSeconds(Math.Max(0, sizeBytes) / AssemblyBytesPerSecond);
        return deadline < MaxDeadline ? deadline : MaxDeadline;
    }

    public async Task CompleteAsync(CompleteMultipartUploadRequest request, long sizeBytes, CancellationToken ct)
    {
        var deadline = Deadline(sizeBytes);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(deadline);
        try
        {
            await s3.CompleteMultipartUploadAsync(request, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Storage did not complete the multipart upload of {sizeBytes} bytes within {deadline.TotalSeconds:0} s.", e);
        }
    }

    /// <summary>The client completions use: no timeout of its own below <see cref="MaxDeadline"/>, and no retries.</summary>
    public static IAmazonS3 CreateClient(StorageOptions options) => options.CreateClient(MaxDeadline + TimeSpan.FromMinutes(1), maxErrorRetry: 0);
}
