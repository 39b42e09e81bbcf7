using Amazon.Runtime;
using Venvid.Contracts.Storage;
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

        builder.Services.AddSingleton<IAmazonS3>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.CreateClient());
        builder.Services.AddKeyedSingleton(MultipartCompletion.ClientKey,
            (sp, _) => MultipartCompletion.CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddSingleton<MultipartCompletion>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return builder;
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
