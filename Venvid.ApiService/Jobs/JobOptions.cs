namespace Venvid.ApiService.Jobs;

/// <summary>How the media job queue behaves (<c>Venvid:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string Section = "Venvid:Jobs";

    /// <summary>How long a claim lasts without a heartbeat; the worker renews every third of it.</summary>
    public int LeaseSeconds { get; set; } = 45;

    /// <summary>Attempts before a job is dead and its video marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles with each further attempt.</summary>
    public int RetryBaseSeconds { get; set; } = 5;

    /// <summary>Longest a claim request waits for a job before answering 204 (the worker then asks again).</summary>
    public int MaxClaimWaitSeconds { get; set; } = 25;

    /// <summary>How often the sweeper looks for dead leases and abandoned uploads.</summary>
    public int SweepIntervalSeconds { get; set; } = 10;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
}
