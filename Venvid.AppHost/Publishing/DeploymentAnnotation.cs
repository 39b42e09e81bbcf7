using Aspire.Hosting.ApplicationModel;

namespace Venvid.AppHost.Publishing;

/// <summary>Which regions a service is deployed to.</summary>
public enum RegionPlacement
{
    /// <summary>In every region (API, web edge).</summary>
    EveryRegion,
    /// <summary>Only next to the primary database (the media worker pool: the job queue lives on the primary).</summary>
    PrimaryRegionOnly,
}

/// <summary>
/// How a project is sized and scaled when deployed: read by the per-region Kubernetes publisher, ignored in run mode.
/// CPU in millicores, memory in MiB; the autoscaler targets <see cref="TargetCpuPercent"/> of the request. A service
/// with a <see cref="MigrationCommand"/> owns the schema: the primary region's output runs it as a Job before the
/// rollout, and its pods only verify the schema at start.
/// </summary>
public sealed record DeploymentAnnotation(
    int CpuRequest,
    int CpuLimit,
    int MemoryRequest,
    int MemoryLimit,
    int MinReplicas,
    int MaxReplicas,
    int TargetCpuPercent = 70,
    RegionPlacement Placement = RegionPlacement.EveryRegion,
    string? MigrationCommand = null) : IResourceAnnotation
{
    /// <summary>What a project gets when its AppHost line says nothing.</summary>
    public static DeploymentAnnotation Default { get; } = new(CpuRequest: 250, CpuLimit: 1000, MemoryRequest: 256, MemoryLimit: 512, MinReplicas: 2, MaxReplicas: 6);
}

public static class DeploymentAnnotationExtensions
{
    /// <summary>Sizes and scaling for the deployment output; see <see cref="DeploymentAnnotation"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithDeployment(this IResourceBuilder<ProjectResource> builder, DeploymentAnnotation deployment) =>
        builder.WithAnnotation(deployment, ResourceAnnotationMutationBehavior.Replace);

    /// <summary>
    /// The ServiceDefaults health endpoints as deployment probes: readiness on <c>/health</c>, liveness on <c>/alive</c>.
    /// Publish mode only — in run mode the dashboard's health check (<c>WithHttpHealthCheck</c>) is enough.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDeploymentProbes(this IResourceBuilder<ProjectResource> builder)
    {
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            builder.WithHttpProbe(ProbeType.Readiness, "/health", initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3, endpointName: "http")
                .WithHttpProbe(ProbeType.Liveness, "/alive", initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3, endpointName: "http");
        }

        return builder;
    }
}
