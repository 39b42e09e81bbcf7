namespace Venvid.ApiService.Data.Replicas;

/// <summary><c>Venvid:Replica</c>: how the API watches its region's read replica.</summary>
public sealed class ReplicaOptions
{
    public const string Section = "Venvid:Replica";

    /// <summary>Connection-string name of the read replica; when it is not configured every read goes to the primary.</summary>
    public const string ConnectionName = DatabaseExtensions.ConnectionName + "-replica";

    /// <summary>How often the replica's replay position (and the primary's write position) is sampled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A replica that has not replayed what the primary had written this long ago is lagging: every read goes to
    /// the primary until it catches up.
    /// </summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connect and command timeout of the monitor's probes: a replica slower than this counts as down.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
