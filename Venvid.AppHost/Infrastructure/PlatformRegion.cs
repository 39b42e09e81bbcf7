using Aspire.Hosting.ApplicationModel;

namespace Venvid.AppHost.Infrastructure;

/// <summary>
/// What one region's services connect to. The first region of a layout is the primary: its database takes every
/// write, its bucket every upload, and the one media worker pool runs next to it.
/// </summary>
/// <param name="Code">The region's code (<c>ca</c>, <c>eu</c>) when there are several; null for the single default region.</param>
/// <param name="Database">The primary database, which every region's API writes to.</param>
/// <param name="ReadReplica">This region's read replica of it, if any.</param>
/// <param name="Redis">This region's cache.</param>
/// <param name="Storage">The primary bucket: uploads land in it and the worker publishes to it.</param>
/// <param name="MediaReplica">This region's replica of the published media, served to its viewers, if any.</param>
public sealed record PlatformRegion(
    string? Code,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString>? ReadReplica,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> Storage,
    IResourceBuilder<S3rverResource>? MediaReplica = null)
{
    /// <summary>A resource's name in this region: <c>api</c> alone, <c>api-ca</c> in a pair.</summary>
    public string Name(string service) => Code is null ? service : $"{service}-{Code}";
}

/// <summary>The secrets the services share, generated once and kept in the AppHost's user secrets locally.</summary>
public sealed record PlatformSecrets(IResourceBuilder<ParameterResource> JwtSigningKey, IResourceBuilder<ParameterResource> WorkerServiceKey)
{
    public static PlatformSecrets Add(IDistributedApplicationBuilder builder) => new(
        builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true),
        builder.AddParameter("worker-service-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true));
}
