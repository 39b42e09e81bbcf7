using Aspire.Hosting.ApplicationModel;

namespace Venvid.AppHost.Infrastructure;

/// <summary>
/// S3-compatible storage. Whatever runs it, services receive the same <c>storage</c> connection string:
/// <c>Endpoint=…;AccessKey=…;SecretKey=…;Region=…;Bucket=…</c> (no Endpoint in production: real S3).
/// </summary>
public interface IS3StorageResource : IResourceWithConnectionString
{
    string Bucket { get; }
}

/// <summary>The npm <c>s3rver</c> emulator (wrapped by tools/s3rver/server.js), for machines without containers.</summary>
public sealed class S3rverResource(string name, string command, string workingDirectory, string bucket)
    : ExecutableResource(name, command, workingDirectory), IS3StorageResource
{
    public const string EndpointName = "http";

    // s3rver accepts any well-formed signature made with its fixed development key pair.
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    public string Bucket { get; } = bucket;
    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={Endpoint.Property(EndpointProperty.Url)};AccessKey={AccessKey};SecretKey={SecretKey};Region=us-east-1;Bucket={Bucket}");
}

/// <summary>MinIO in a container, for machines with Docker or Podman.</summary>
public sealed class MinioResource(string name, string bucket, ParameterResource user, ParameterResource password)
    : ContainerResource(name), IS3StorageResource
{
    public const string EndpointName = "http";

    public string Bucket { get; } = bucket;
    public ParameterResource User { get; } = user;
    public ParameterResource Password { get; } = password;
    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={Endpoint.Property(EndpointProperty.Url)};AccessKey={User};SecretKey={Password};Region=us-east-1;Bucket={Bucket}");
}

public static class StorageExtensions
{
    public static IResourceBuilder<S3rverResource> AddS3rver(this IDistributedApplicationBuilder builder, string name, string bucket, string stateDirectory)
    {
        var script = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "tools", "s3rver", "server.js"));
        if (builder.ExecutionContext.IsRunMode && !Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "s3rver")))
        {
            throw new InvalidOperationException($"s3rver is not installed: run `npm ci` in {Path.GetDirectoryName(script)} (the README's commands do).");
        }

        var dataDirectory = Path.Combine(stateDirectory, name);
        Directory.CreateDirectory(dataDirectory);

        var resource = new S3rverResource(name, "node", Path.GetDirectoryName(script)!, bucket);
        return builder.AddResource(resource)
            .WithHttpEndpoint(name: S3rverResource.EndpointName)
            .WithArgs(context =>
            {
                context.Args.AddAll([script, "--address", "127.0.0.1", "--directory", dataDirectory, "--bucket", bucket, "--port"]);
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
            })
            // Listing the bucket proves the server is up and the bucket exists.
            .WithHttpHealthCheck($"/{bucket}?max-keys=1")
            .WithIconName("Storage");
    }

    /// <summary>
    /// Copies every object under <paramref name="prefix"/> to <paramref name="replica"/> asynchronously, deletions
    /// included (tools/s3rver/replicator.js): the local stand-in for S3 cross-region replication. The source keeps
    /// working while the replica is down and catches it up when it is back.
    /// </summary>
    public static IResourceBuilder<S3rverResource> WithReplicationTo(this IResourceBuilder<S3rverResource> source, IResourceBuilder<S3rverResource> replica, string prefix)
    {
        if (source.Resource.Bucket != replica.Resource.Bucket)
        {
            throw new InvalidOperationException($"{source.Resource.Name} and {replica.Resource.Name} must hold the same bucket to replicate it.");
        }

        return source.WithArgs(context =>
        {
            context.Args.Add("--replicate-to");
            context.Args.Add(replica.Resource.Endpoint.Property(EndpointProperty.Url));
            context.Args.Add("--replicate-prefix");
            context.Args.Add(prefix);
        });
    }

    public static IResourceBuilder<MinioResource> AddMinio(this IDistributedApplicationBuilder builder, string name, string bucket)
    {
        var user = builder.AddParameter($"{name}-user", "venvid", secret: false);
        var password = builder.AddParameter($"{name}-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);
        var resource = new MinioResource(name, bucket, user.Resource, password.Resource);
        return builder.AddResource(resource)
            .WithImage("minio/minio", "RELEASE.2025-04-22T22-12-26Z")
            .WithImageRegistry("docker.io")
            .WithArgs("server", "/data")
            .WithEnvironment("MINIO_ROOT_USER", user)
            .WithEnvironment("MINIO_ROOT_PASSWORD", password)
            .WithHttpEndpoint(name: MinioResource.EndpointName, targetPort: 9000)
            .WithVolume($"venvid-{name}-data", "/data")
            .WithHttpHealthCheck("/minio/health/live")
            .WithIconName("Storage");
    }
}
