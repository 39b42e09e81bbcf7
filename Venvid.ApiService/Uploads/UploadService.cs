using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Data;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Uploads;

/// <summary>
/// The control plane of uploads: signs part URLs, lists and completes multipart uploads, enforces quotas and
/// frees abandoned uploads. The bytes themselves go from the browser straight to storage.
/// </summary>
public sealed class UploadService(
    VenvidDbContext db, IAmazonS3 s3, IOptions<StorageOptions> storage, IOptions<UploadOptions> options, TimeProvider time, ILogger<UploadService> logger)
{
    public string Bucket => storage.Value.Bucket;

    /// <summary>Where the raw upload of a video lives: kept apart from the outputs, for re-processing.</summary>
    public static string SourceKey(string videoId) => $"uploads/{videoId}/source";

    /// <summary>Locks the user's row for the rest of the transaction (so parallel uploads can't both pass the quota) and returns the bytes used.</summary>
    public async Task<long> LockAndMeasureUsageAsync(Guid userId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", ct);
        return await db.Videos.Where(v => v.OwnerId == userId && v.DeletedAt == null).SumAsync(v => v.SourceSizeBytes ?? 0, ct);
    }

    public async Task<IReadOnlyList<PartUrl>> SignPartsAsync(Upload upload, IEnumerable<int> partNumbers)
    {
        var expires = time.GetUtcNow().AddMinutes(options.Value.PartUrlLifetimeMinutes).UtcDateTime;
        var protocol = storage.Value.Endpoint?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;
        var urls = new List<PartUrl>();
        foreach (var partNumber in partNumbers)
        {
            var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
            {
                BucketName = Bucket,
                Key = upload.ObjectKey,
                Verb = HttpVerb.PUT,
                UploadId = upload.StorageUploadId,
                PartNumber = partNumber,
                Expires = expires,
                Protocol = protocol,
            });
            urls.Add(new PartUrl(partNumber, url));
        }

        return urls;
    }

    /// <summary>The parts storage holds for the upload, or null when storage no longer knows the upload (completed or aborted).</summary>
    public async Task<IReadOnlyList<UploadedPart>?> ListStoredPartsAsync(Upload upload, CancellationToken ct)
    {
        var parts = new List<UploadedPart>();
        int? marker = null;
        try
        {
            while (true)
            {
                var page = await s3.ListPartsAsync(new ListPartsRequest
                {
                    BucketName = Bucket,
                    Key = upload.ObjectKey,
                    UploadId = upload.StorageUploadId,
                    PartNumberMarker = marker?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }, ct);
                parts.AddRange((page.Parts ?? []).Select(p => new UploadedPart(p.PartNumber ?? 0, p.Size ?? 0, NormalizeEtag(p.ETag))));
                if (page.IsTruncated != true || page.NextPartNumberMarker is null)
                {
                    break;
                }

                marker = page.NextPartNumberMarker;
            }
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload" || e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return [.. parts.OrderBy(p => p.PartNumber)];
    }

    /// <summary>Size of the stored object, or null when it does not exist.</summary>
    public async Task<long?> StoredObjectSizeAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
            return head.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task AbortInStorageAsync(Upload upload, CancellationToken ct)
    {
        try
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = upload.ObjectKey, UploadId = upload.StorageUploadId }, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchUpload" || e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Already gone.
        }

        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = upload.ObjectKey }, ct);
    }

    /// <summary>Aborts uploads that expired before completion and removes their placeholder videos.</summary>
    public async Task CleanExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = await db.Uploads
            .Where(u => u.CompletedAt == null && u.ExpiresAt < now)
            .OrderBy(u => u.ExpiresAt)
            .Take(50)
            .ToListAsync(ct);
        foreach (var upload in expired)
        {
            await AbortInStorageAsync(upload, ct);
            await db.Videos.Where(v => v.Id == upload.VideoId && v.Status == VideoStatuses.Uploading).ExecuteDeleteAsync(ct);
            logger.LogInformation("Expired upload {UploadId} of video {VideoId} aborted", upload.Id, upload.VideoId);
        }
    }

    public static string NormalizeEtag(string? etag) => (etag ?? "").Trim().Trim('"');
}
