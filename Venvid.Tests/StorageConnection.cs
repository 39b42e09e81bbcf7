using System.Data.Common;
using Amazon.Runtime;
using Amazon.S3;

namespace Venvid.Tests;

/// <summary>The <c>storage</c> connection string, as tests use it to look inside the bucket.</summary>
public sealed record StorageConnection(string Endpoint, string AccessKey, string SecretKey, string Region, string Bucket)
{
    public static StorageConnection Parse(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string Get(string key) => builder.TryGetValue(key, out var value) ? value?.ToString() ?? "" : "";
        return new StorageConnection(Get("Endpoint"), Get("AccessKey"), Get("SecretKey"), Get("Region"), Get("Bucket"));
    }

    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
