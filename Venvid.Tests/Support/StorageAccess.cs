using Amazon.S3;
using Amazon.S3.Model;
using Venvid.Contracts.Storage;

namespace Venvid.Tests.Support;

/// <summary>Reads the media bucket directly, to check what the platform stored.</summary>
public static class StorageAccess
{
    /// <summary>A client for the fixture's primary bucket, or for the bucket of another storage <paramref name="resource"/>.</summary>
    public static async Task<(AmazonS3Client Client, string Bucket)> StorageAsync(this AppHostFixture fixture, string? resource = null)
    {
        var options = StorageOptions.Parse(await fixture.GetConnectionStringAsync(resource ?? fixture.Storage));
        return (options.CreateClient(), options.Bucket);
    }

    public static async Task<byte[]?> TryReadStorageObjectAsync(this AppHostFixture fixture, string key, string? resource = null)
    {
        var (s3, bucket) = await fixture.StorageAsync(resource);
        using (s3)
        {
            try
            {
                using var response = await s3.GetObjectAsync(bucket, key);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        }
    }

    public static async Task<byte[]> ReadStorageObjectAsync(this AppHostFixture fixture, string key, string? resource = null) =>
        await fixture.TryReadStorageObjectAsync(key, resource) ?? throw new InvalidOperationException($"{key} is not in {resource ?? fixture.Storage}.");

    public static async Task<IReadOnlyList<string>> ListStorageKeysAsync(this AppHostFixture fixture, string prefix, string? resource = null)
    {
        var (s3, bucket) = await fixture.StorageAsync(resource);
        using (s3)
        {
            var keys = new List<string>();
            string? token = null;
            do
            {
                var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token });
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null);
            return keys;
        }
    }
}
