using Aspire.Hosting.ApplicationModel;
using Venvid.AppHost.Infrastructure;

namespace Venvid.AppHost.Regions;

/// <summary>
/// The seed's two regions on one machine (<c>--Venvid:Regions=pair</c>, or the <c>pair</c> launch profile):
/// Canada holds the primary database, Europe a real streaming replica of it; each region has its own Redis, API and
/// storage server: Canada's takes the uploads and the worker's outputs (the primary bucket) and replicates published
/// media (<c>videos/</c>) to Europe's, which the gateway serves European media from. One media worker pool serves
/// both. Single region stays the default.
/// </summary>
public static class RegionPair
{
    public const string ConfigurationKey = "Venvid:Regions";

    /// <summary>Connection-string name of the local read replica, next to <c>venvid</c> (the primary, for writes).</summary>
    public const string ReplicaConnectionName = VenvidInfrastructure.DatabaseName + "-replica";

    /// <summary>
    /// Each region's API on a host port of its own (its two replicas behind it): Canada keeps the API project's
    /// launch-profile port, Europe takes the next one. Sharing one would send both regions' traffic to whichever
    /// region's proxy took the port first.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> ApiPorts = new Dictionary<string, int> { ["ca"] = 5380, ["eu"] = 5381 };

    public static bool Enabled(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigurationKey]?.Trim().ToLowerInvariant();
        return configured switch
        {
            null or "" or "single" => false,
            "pair" when builder.ExecutionContext.IsRunMode => true,
            // Deployment output is per region already (Publishing/); the pair is a local stand-in.
            "pair" => false,
            _ => throw new InvalidOperationException($"{ConfigurationKey} must be single or pair, not '{configured}'."),
        };
    }

    /// <summary>Both regions' infrastructure, Canada (the primary) first; VenvidServices adds their services.</summary>
    public static IReadOnlyList<PlatformRegion> AddInfrastructure(IDistributedApplicationBuilder builder)
    {
        if (InfrastructureMode.Resolve(builder) != InfrastructureKind.Executables)
        {
            throw new InvalidOperationException($"{ConfigurationKey}=pair runs Postgres as executables (a streaming replica needs pg_basebackup): set {InfrastructureMode.ConfigurationKey}=executables.");
        }

        var state = StateDirectory.Resolve(builder);
        var postgresCa = builder.AddLocalPostgres("postgres-ca", state);
        var primary = postgresCa.AddDatabase("venvid-ca", VenvidInfrastructure.DatabaseName);
        var replica = builder.AddLocalPostgresReplica("postgres-eu", postgresCa, state).AddDatabase("venvid-eu", VenvidInfrastructure.DatabaseName);
        var storageEu = builder.AddS3rver("storage-eu", VenvidInfrastructure.MediaBucket, state);
        // Every service writes to and signs uploads for the primary bucket; only published media is replicated.
        var storage = builder.AddS3rver("storage-ca", VenvidInfrastructure.MediaBucket, state)
            .WithReplicationTo(storageEu, Venvid.Contracts.Storage.MediaKeys.PublishedPrefix);
        return
        [
            new PlatformRegion("ca", primary, ReadReplica: null, builder.AddLocalRedis("redis-ca", state), storage),
            new PlatformRegion("eu", primary, replica, builder.AddLocalRedis("redis-eu", state), storage, MediaReplica: storageEu),
        ];
    }
}
