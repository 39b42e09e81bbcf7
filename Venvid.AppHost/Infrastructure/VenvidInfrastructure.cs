using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Venvid.AppHost.Infrastructure;

/// <summary>The three backing services, under the same resource and connection-string names whichever way they run.</summary>
public sealed record VenvidInfrastructure(
    InfrastructureKind Kind,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Storage)
{
    public const string PostgresName = "postgres";
    public const string DatabaseName = "venvid";
    public const string RedisName = "redis";
    public const string StorageName = "storage";
    public const string MediaBucket = "media";

    /// <summary>These services as the single region's.</summary>
    public PlatformRegion AsRegion() => new(Code: null, Database, ReadReplica: null, Redis, Storage);

    public static VenvidInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var kind = InfrastructureMode.Resolve(builder);
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole());
        loggerFactory.CreateLogger("Venvid.AppHost").LogInformation(
            "Infrastructure runs as {Kind} (set {Key} to override)", kind, InfrastructureMode.ConfigurationKey);

        return kind == InfrastructureKind.Executables ? AddExecutables(builder) : AddContainers(builder);
    }

    private static VenvidInfrastructure AddExecutables(IDistributedApplicationBuilder builder)
    {
        var state = StateDirectory.Resolve(builder);
        var database = builder.AddLocalPostgres(PostgresName, state).AddDatabase(DatabaseName);
        var redis = builder.AddLocalRedis(RedisName, state);
        var storage = builder.AddS3rver(StorageName, MediaBucket, state);
        return new VenvidInfrastructure(InfrastructureKind.Executables, database, redis, storage);
    }

    private static VenvidInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var database = builder.AddPostgres(PostgresName).WithDataVolume().AddDatabase(DatabaseName);
        var redis = builder.AddRedis(RedisName).WithDataVolume();

        // In production the bucket is real S3 behind a CDN, supplied as a connection string at deploy time.
        IResourceBuilder<IResourceWithConnectionString> storage = builder.ExecutionContext.IsPublishMode
            ? builder.AddConnectionString(StorageName)
            : builder.AddMinio(StorageName, MediaBucket);
        return new VenvidInfrastructure(InfrastructureKind.Containers, database, redis, storage);
    }
}
