using System.Data.Common;
using Amazon.Runtime;
using Amazon.S3;

namespace Venvid.Contracts.Storage;

/// <summary>
/// Where media lives. Parsed from the <c>storage</c> connection string that the AppHost hands out:
/// <c>Endpoint=http://host:port;AccessKey=..;SecretKey=..;Region=..;Bucket=media;PublicUrl=..</c>.
/// In production the endpoint is omitted (real S3) and <c>PublicUrl</c> is the CDN.
/// </summary>
public sealed class StorageOptions
{
    public const string ConnectionName = "storage";

    public string? Endpoint { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string Bucket { get; set; } = "media";
    /// <summary>Base URL players use for media; defaults to the Web host's <c>/media</c> proxy (same origin).</summary>
    public string MediaBaseUrl { get; set; } = "/media";

    /// <summary>
    /// How long one storage request may take before it counts as failed (and is retried up to
    /// <see cref="MaxErrorRetry"/> times). A storage server that accepts connections but never answers must
    /// not hold a caller for minutes: the API answers 503, the worker fails the attempt and the job is retried.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>
    /// The longest the API waits for storage to assemble a multipart upload (its deadline grows with the object). The
    /// request stays silent all that time, so whatever proxies it (the edge) must wait longer before calling it idle.
    /// </summary>
    public static readonly TimeSpan MaxAssemblyTime = TimeSpan.FromMinutes(10);

    public static StorageOptions Parse(string? connectionString)
    {
        var options = new StorageOptions();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return options;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.TryGetValue("Endpoint", out var endpoint)) options.Endpoint = endpoint?.ToString();
        if (builder.TryGetValue("AccessKey", out var accessKey)) options.AccessKey = accessKey?.ToString();
        if (builder.TryGetValue("SecretKey", out var secretKey)) options.SecretKey = secretKey?.ToString();
        if (builder.TryGetValue("Region", out var region) && region is not null) options.Region = region.ToString()!;
        if (builder.TryGetValue("Bucket", out var bucket) && bucket is not null) options.Bucket = bucket.ToString()!;
        return options;
    }

    /// <summary>
    /// An S3 client for these options. S3-compatible stand-ins (s3rver, MinIO) corrupt streaming-signed or
    /// checksummed bodies, so checksums are only sent when an operation requires them; callers also disable
    /// chunked encoding on uploads (<c>UseChunkEncoding = false</c>).
    /// </summary>
    public AmazonS3Client CreateClient() => CreateClient(RequestTimeout, MaxErrorRetry);

    /// <summary>As <see cref="CreateClient()"/>, with another request timeout and retry count (for long operations).</summary>
    public AmazonS3Client CreateClient(TimeSpan requestTimeout, int maxErrorRetry)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region),
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = requestTimeout,
            MaxErrorRetry = maxErrorRetry,
        };
        if (!string.IsNullOrEmpty(Endpoint))
        {
            config.ServiceURL = Endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = Region;
        }

        return AccessKey is { Length: > 0 } && SecretKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config)
            : new AmazonS3Client(config);
    }
}
