using Aspire.Hosting.ApplicationModel;
using Venvid.AppHost.Infrastructure;
using Venvid.AppHost.Publishing;
using Venvid.AppHost.Regions;

namespace Venvid.AppHost;

/// <summary>
/// The API, the media worker and the web edge, declared once for any layout of regions: one region (the default, and
/// what is published), or the local Canada + Europe pair (Regions/RegionPair.cs), where each region has its own API
/// and the edge routes between them.
/// </summary>
public static class VenvidServices
{
    private static readonly DeploymentAnnotation ApiDeployment = new(CpuRequest: 250, CpuLimit: 1000, MemoryRequest: 384, MemoryLimit: 768,
        MinReplicas: 2, MaxReplicas: 10, MigrationCommand: "migrate");

    // ffmpeg is CPU-bound: whole cores, scaled on CPU; one pool, next to the job queue on the primary database.
    private static readonly DeploymentAnnotation WorkerDeployment = new(CpuRequest: 2000, CpuLimit: 4000, MemoryRequest: 2048, MemoryLimit: 4096,
        MinReplicas: 2, MaxReplicas: 8, Placement: RegionPlacement.PrimaryRegionOnly);

    private static readonly DeploymentAnnotation WebDeployment = new(CpuRequest: 200, CpuLimit: 1000, MemoryRequest: 256, MemoryLimit: 512,
        MinReplicas: 2, MaxReplicas: 6);

    public static void Add(IDistributedApplicationBuilder builder, IReadOnlyList<PlatformRegion> regions, PlatformSecrets secrets)
    {
        var paired = regions.Count > 1;
        var primary = regions[0];
        var apis = regions.Select(region => AddApi(builder, region, secrets, paired)).ToList();
        apis[0].WithOperatorCommands(secrets.WorkerServiceKey);

        builder.AddProject<Projects.Venvid_MediaWorker>("mediaworker")
            .WithApi(apis[0])
            .WithReference(primary.Storage, VenvidInfrastructure.StorageName).WaitFor(primary.Storage)
            .WithEnvironment("Venvid__Worker__ServiceKey", secrets.WorkerServiceKey)
            .WithHttpHealthCheck("/health")
            .WithDeploymentProbes()
            .WithDeployment(WorkerDeployment);

        // Open Graph and media-access calls go to "api" (the primary region's); with several regions the edge is the
        // gateway, sending each /api request to its region's API (header, cookie, CDN country) and to another when its
        // own is down.
        var web = builder.AddProject<Projects.Venvid_Web>("web")
            .WithApi(apis[0])
            .WithReference(primary.Storage, VenvidInfrastructure.StorageName).WaitFor(primary.Storage)
            // The edge's cache of public API responses, shared by its replicas, next to the primary region's API.
            .WithReference(primary.Redis, VenvidInfrastructure.RedisName).WaitFor(primary.Redis)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithDeploymentProbes()
            .WithDeployment(WebDeployment);
        if (paired)
        {
            web.WithEnvironment("Venvid__Gateway__DefaultRegion", primary.Code!)
                .WithEnvironment("Venvid__Gateway__HealthCheckInterval", "00:00:02");
            foreach (var (region, api) in regions.Zip(apis))
            {
                web.WithEnvironment($"Venvid__Gateway__Regions__{region.Code}", "https+http://" + api.Resource.Name)
                    .WithReference(api).WaitFor(api);
                if (region.MediaReplica is { } media)
                {
                    web.WithEnvironment($"Venvid__Gateway__MediaOrigins__{region.Code}", media.Resource.Endpoint).WaitFor(media);
                }
            }
        }
    }

    private static IResourceBuilder<ProjectResource> AddApi(IDistributedApplicationBuilder builder, PlatformRegion region, PlatformSecrets secrets, bool paired)
    {
        var api = builder.AddProject<Projects.Venvid_ApiService>(region.Name("api"))
            .WithReference(region.Database, VenvidInfrastructure.DatabaseName).WaitFor(region.Database)
            .WithReference(region.Redis, VenvidInfrastructure.RedisName).WaitFor(region.Redis)
            .WithReference(region.Storage, VenvidInfrastructure.StorageName).WaitFor(region.Storage)
            .WithEnvironment("Venvid__Auth__SigningKey", secrets.JwtSigningKey)
            .WithEnvironment("Venvid__Worker__ServiceKey", secrets.WorkerServiceKey)
            .WithHttpHealthCheck("/health")
            .WithDeploymentProbes()
            .WithDeployment(ApiDeployment);
        if (region.ReadReplica is { } replica)
        {
            api.WithReference(replica, RegionPair.ReplicaConnectionName).WaitFor(replica);
        }

        if (paired)
        {
            // Two replicas per region, each region's API on a host port of its own (RegionPair.ApiPorts).
            api.WithEnvironment("Venvid__Region", region.Code!)
                .WithReplicas(2)
                .WithEndpoint("http", endpoint => endpoint.Port = RegionPair.ApiPorts[region.Code!]);
        }

        return api;
    }

    /// <summary>Service discovery's "api" is the primary region's API, whatever that resource is called.</summary>
    private static IResourceBuilder<ProjectResource> WithApi(this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> api) =>
        api.Resource.Name == "api"
            ? service.WithReference(api).WaitFor(api)
            : service.WithEnvironment("services__api__http__0", api.GetEndpoint("http")).WaitFor(api);
}
