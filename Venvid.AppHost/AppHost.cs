using Venvid.AppHost;
using Venvid.AppHost.Infrastructure;
using Venvid.AppHost.Publishing;
using Venvid.AppHost.Regions;

var builder = DistributedApplication.CreateBuilder(RegionalDeploymentPublisher.TranslateArguments(args));

// Supplied by the deployment in production.
var secrets = PlatformSecrets.Add(builder);

// Two resources on one host port would silently share one proxy: refused at start.
builder.AddHostPortCheck();

// Postgres (database "venvid"), Redis and S3-compatible storage with the "media" bucket: one region by default, or
// Canada + Europe on one machine (primary and streaming replica, a Redis, a bucket and an API per region).
var regions = RegionPair.Enabled(builder) ? RegionPair.AddInfrastructure(builder) : [VenvidInfrastructure.Add(builder).AsRegion()];
VenvidServices.Add(builder, regions, secrets);

// Per-region Kubernetes manifests and CloudFormation from this model: `-- --publisher venvid-k8s --output-path <dir>`.
builder.AddRegionalDeploymentPublishing();

builder.Build().Run();
