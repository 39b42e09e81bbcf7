using Venvid.AppHost.Infrastructure;
using Venvid.AppHost.Publishing;
using Venvid.AppHost.Regions;

var builder = DistributedApplication.CreateBuilder(RegionalDeploymentPublisher.TranslateArguments(args));

// Secrets generated once and kept in the AppHost's user secrets; supplied by the deployment in production.
var jwtSigningKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);
var workerServiceKey = builder.AddParameter("worker-service-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

// Two resources on one host port would silently share one proxy: refused at start.
builder.AddHostPortCheck();

if (RegionPair.Enabled(builder))
{
    // Canada + Europe on one machine (primary + streaming replica, a Redis and an API per region): Regions/RegionPair.cs.
    RegionPair.Add(builder, jwtSigningKey, workerServiceKey);
    builder.Build().Run();
    return;
}

// Infrastructure: Postgres (database "venvid"), Redis, S3-compatible storage with the "media" bucket.
var infrastructure = VenvidInfrastructure.Add(builder);

var api = builder.AddProject<Projects.Venvid_ApiService>("api")
    .WithReference(infrastructure.Database).WaitFor(infrastructure.Database)
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithReference(infrastructure.Storage).WaitFor(infrastructure.Storage)
    .WithEnvironment("Venvid__Auth__SigningKey", jwtSigningKey)
    .WithEnvironment("Venvid__Worker__ServiceKey", workerServiceKey)
    .WithHttpHealthCheck("/health")
    .WithOperatorCommands(workerServiceKey)
    .WithDeploymentProbes()
    .WithDeployment(new(CpuRequest: 250, CpuLimit: 1000, MemoryRequest: 384, MemoryLimit: 768, MinReplicas: 2, MaxReplicas: 10,
        MigrationCommand: "migrate"));

builder.AddProject<Projects.Venvid_MediaWorker>("mediaworker")
    .WithReference(api).WaitFor(api)
    .WithReference(infrastructure.Storage).WaitFor(infrastructure.Storage)
    .WithEnvironment("Venvid__Worker__ServiceKey", workerServiceKey)
    .WithHttpHealthCheck("/health")
    .WithDeploymentProbes()
    // ffmpeg is CPU-bound: whole cores, scaled on CPU; one pool, next to the job queue on the primary database.
    .WithDeployment(new(CpuRequest: 2000, CpuLimit: 4000, MemoryRequest: 2048, MemoryLimit: 4096, MinReplicas: 2, MaxReplicas: 8,
        Placement: RegionPlacement.PrimaryRegionOnly));

builder.AddProject<Projects.Venvid_Web>("web")
    .WithReference(api).WaitFor(api)
    .WithReference(infrastructure.Storage).WaitFor(infrastructure.Storage)
    // The edge's cache of public API responses, shared by its replicas.
    .WithReference(infrastructure.Redis).WaitFor(infrastructure.Redis)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithDeploymentProbes()
    .WithDeployment(new(CpuRequest: 200, CpuLimit: 1000, MemoryRequest: 256, MemoryLimit: 512, MinReplicas: 2, MaxReplicas: 6));

// Per-region Kubernetes manifests and CloudFormation from this model: `-- --publisher venvid-k8s --output-path <dir>`.
builder.AddRegionalDeploymentPublishing();

builder.Build().Run();
