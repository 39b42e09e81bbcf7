namespace Venvid.AppHost.Publishing;

/// <summary>
/// An AWS region the platform is deployed to. The primary holds the writable database, the media bucket uploads land
/// in, and the media worker pool; a secondary reads from its local replica and sends writes to the primary.
/// </summary>
public sealed record DeploymentRegion(string Name, string Key, bool IsPrimary)
{
    public static DeploymentRegion Canada { get; } = new("ca-central-1", "ca", IsPrimary: true);
    public static DeploymentRegion Europe { get; } = new("eu-west-1", "eu", IsPrimary: false);

    public static IReadOnlyList<DeploymentRegion> All { get; } = [Canada, Europe];

    public static DeploymentRegion Primary => All.Single(r => r.IsPrimary);
}
