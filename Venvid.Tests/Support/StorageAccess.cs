using Amazon.S3;
using Amazon.S3.Model;
using Venvid.Contracts.Storage;

namespace Venvid.Tests.Support;

/// <summary>Reads the media bucket directly, to check what the platform stored.</summary>
public static class StorageAccess
{
    public static async Task<(AmazonS3Client Client, string Bucket)> StorageAsync(this AppHostFixture fixture)
    {
        var options = StorageOptions.Parse(await fixture.GetConnectionStringAsync("storage"));
        return (options.CreateClient(), options.Bucket);
    }

    public static async Task<byte[]?> TryReadStorageObjectAsync(this AppHostFixture fixture, string key)
    {
        var (s3, bucket) = await fixture.StorageAsync();
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

    public static async Task<byte[]> ReadStorageObjectAsync(this AppHostFixture fixture, string key) =>
        await fixture.TryReadStorageObjectAsync(key) ?? throw new InvalidOperationException($"{key} is not in storage.");

    public static async Task<IReadOnlyList<string>> ListStorageKeysAsync(this AppHostFixture fixture, string prefix)
    {
        var (s3, bucket) = await fixture.StorageAsync();
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
