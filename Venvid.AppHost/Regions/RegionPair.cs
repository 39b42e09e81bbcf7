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

    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> jwtSigningKey, IResourceBuilder<ParameterResource> workerServiceKey)
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
        // Every service writes to and signs uploads for the primary bucket ("storage"); only published media is replicated.
        var storage = builder.AddS3rver("storage-ca", VenvidInfrastructure.MediaBucket, state)
            .WithReplicationTo(storageEu, Venvid.Contracts.Storage.MediaKeys.PublishedPrefix);

        var redisCa = builder.AddLocalRedis("redis-ca", state);
        var redisEu = builder.AddLocalRedis("redis-eu", state);

        IResourceBuilder<ProjectResource> Api(string region, IResourceBuilder<IResourceWithConnectionString> redis, IResourceBuilder<IResourceWithConnectionString>? readReplica)
        {
            var api = builder.AddProject<Projects.Venvid_ApiService>($"api-{region}")
                .WithReference(primary, VenvidInfrastructure.DatabaseName).WaitFor(primary)
                .WithReference(redis, VenvidInfrastructure.RedisName).WaitFor(redis)
                .WithReference(storage, VenvidInfrastructure.StorageName).WaitFor(storage)
                .WithEnvironment("Venvid__Auth__SigningKey", jwtSigningKey)
                .WithEnvironment("Venvid__Worker__ServiceKey", workerServiceKey)
                .WithEnvironment("Venvid__Region", region)
                .WithReplicas(2)
                .WithEndpoint("http", endpoint => endpoint.Port = ApiPorts[region])
                .WithHttpHealthCheck("/health");
            return readReplica is null ? api : api.WithReference(readReplica, ReplicaConnectionName).WaitFor(readReplica);
        }

        var apiCa = Api("ca", redisCa, readReplica: null).WithOperatorCommands(workerServiceKey);
        var apiEu = Api("eu", redisEu, replica);

        // Worker and web find "api" by service discovery; here that name means the primary region's API.
        builder.AddProject<Projects.Venvid_MediaWorker>("mediaworker")
            .WithEnvironment("services__api__http__0", apiCa.GetEndpoint("http")).WaitFor(apiCa)
            .WithReference(storage, VenvidInfrastructure.StorageName).WaitFor(storage)
            .WithEnvironment("Venvid__Worker__ServiceKey", workerServiceKey)
            .WithHttpHealthCheck("/health");

        // The web host is the gateway: each /api request goes to its region's API (header, cookie, CDN country),
        // and to the other region when its own is down. Its Open Graph and media-access calls use "api" (Canada).
        builder.AddProject<Projects.Venvid_Web>("web")
            .WithEnvironment("services__api__http__0", apiCa.GetEndpoint("http"))
            .WithEnvironment("Venvid__Gateway__DefaultRegion", "ca")
            .WithEnvironment("Venvid__Gateway__Regions__ca", "https+http://" + apiCa.Resource.Name)
            .WithEnvironment("Venvid__Gateway__Regions__eu", "https+http://" + apiEu.Resource.Name)
            .WithEnvironment("Venvid__Gateway__HealthCheckInterval", "00:00:02")
            .WithEnvironment("Venvid__Gateway__MediaOrigins__eu", storageEu.Resource.Endpoint)
            .WaitFor(storageEu)
            .WithReference(apiCa).WaitFor(apiCa)
            .WithReference(apiEu).WaitFor(apiEu)
            .WithReference(storage, VenvidInfrastructure.StorageName).WaitFor(storage)
            // The gateway's response cache lives in Canada's Redis, next to the edge.
            .WithReference(redisCa, VenvidInfrastructure.RedisName).WaitFor(redisCa)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");
    }
}
