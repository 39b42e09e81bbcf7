using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Venvid.ApiService.Storage;

public static class StorageExtensions
{
    /// <summary>Registers the S3 client for the <c>storage</c> connection string, with a health check on the media bucket.</summary>
    public static IHostApplicationBuilder AddMediaStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Configure(options =>
            {
                var parsed = StorageOptions.Parse(builder.Configuration.GetConnectionString(StorageOptions.ConnectionName));
                options.Endpoint = parsed.Endpoint;
                options.AccessKey = parsed.AccessKey;
                options.SecretKey = parsed.SecretKey;
                options.Region = parsed.Region;
                options.Bucket = parsed.Bucket;
            })
            .BindConfiguration("Venvid:Storage")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Bucket), "A storage bucket is required.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return builder;
    }

    public static AmazonS3Client CreateClient(StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region),
            // S3-compatible stand-ins (s3rver, MinIO) mangle streaming-signed or checksummed bodies: only send checksums when required.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 2,
        };
        if (!string.IsNullOrEmpty(options.Endpoint))
        {
            config.ServiceURL = options.Endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = options.Region;
        }

        return options.AccessKey is { Length: > 0 } && options.SecretKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    /// <summary>Creates the media bucket when it does not exist (local stand-ins start empty; production buckets come from CloudFormation).</summary>
    public static async Task EnsureBucketAsync(this IAmazonS3 s3, string bucket, CancellationToken ct)
    {
        try
        {
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, ct);
        }
    }
}

internal sealed class StorageHealthCheck(IAmazonS3 s3, IOptions<StorageOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = options.Value.Bucket }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Bucket '{options.Value.Bucket}' is unreachable.", e);
        }
    }
}
