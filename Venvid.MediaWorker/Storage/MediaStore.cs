using Amazon.S3;
using Amazon.S3.Model;
using Venvid.Contracts.Storage;

namespace Venvid.MediaWorker.Storage;

/// <summary>The worker's data plane: read the uploaded source, write published media, clear a job's outputs.</summary>
public interface IMediaStore
{
    Task DownloadAsync(string key, string path, CancellationToken ct);

    Task PutFileAsync(string key, string path, string contentType, string cacheControl, CancellationToken ct);

    Task PutTextAsync(string key, string text, string contentType, string cacheControl, CancellationToken ct);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/>; returns how many went.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken ct);
}

/// <summary>Content types and cache lifetimes of published media: segments and images never change, playlists do until they end.</summary>
public static class MediaHeaders
{
    public const string Playlist = "application/vnd.apple.mpegurl";
    public const string Segment = "video/mp2t";
    public const string Jpeg = "image/jpeg";
    public const string WebP = "image/webp";
    public const string WebVtt = "text/vtt";

    public const string Immutable = "public, max-age=31536000, immutable";
    /// <summary>An EVENT playlist still growing: players poll it every segment.</summary>
    public const string LivePlaylist = "public, max-age=2";
    /// <summary>An ended playlist changes only if the video is reprocessed.</summary>
    public const string EndedPlaylist = "public, max-age=3600";
}

public sealed class S3MediaStore(IAmazonS3 s3, StorageOptions options) : IMediaStore
{
    public async Task DownloadAsync(string key, string path, CancellationToken ct)
    {
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = options.Bucket, Key = key }, ct);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await response.ResponseStream.CopyToAsync(file, 1 << 20, ct);
    }

    public Task PutFileAsync(string key, string path, string contentType, string cacheControl, CancellationToken ct) =>
        PutAsync(new PutObjectRequest { FilePath = path }, key, contentType, cacheControl, ct);

    public Task PutTextAsync(string key, string text, string contentType, string cacheControl, CancellationToken ct) =>
        PutAsync(new PutObjectRequest { ContentBody = text }, key, contentType, cacheControl, ct);

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var deleted = 0;
        string? continuation = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = options.Bucket,
                Prefix = prefix,
                ContinuationToken = continuation,
            }, ct);
            var keys = page.S3Objects ?? [];
            if (keys.Count > 0)
            {
                await s3.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = options.Bucket,
                    Objects = keys.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                    Quiet = true,
                }, ct);
                deleted += keys.Count;
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);

        return deleted;
    }

    private Task PutAsync(PutObjectRequest request, string key, string contentType, string cacheControl, CancellationToken ct)
    {
        request.BucketName = options.Bucket;
        request.Key = key;
        request.ContentType = contentType;
        request.Headers.CacheControl = cacheControl;
        // s3rver (the local stand-in) stores aws-chunked bodies verbatim, corrupting the object.
        request.UseChunkEncoding = false;
        return s3.PutObjectAsync(request, ct);
    }
}
