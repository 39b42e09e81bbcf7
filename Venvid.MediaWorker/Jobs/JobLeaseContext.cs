using Venvid.Contracts;

namespace Venvid.MediaWorker.Jobs;

/// <summary>A claimed job while this worker holds it: the lease's current expiry, and a token that fires when it is lost.</summary>
public sealed class JobLeaseContext(JobLease lease) : IDisposable
{
    private readonly CancellationTokenSource _lost = new();

    public JobLease Lease { get; } = lease;
    public long JobId => Lease.JobId;
    public LeaseToken Token => new(Lease.Lease);

    /// <summary>Fires when the API says the job is no longer ours (409/404) or the lease ran out unrenewed.</summary>
    public CancellationToken Lost => _lost.Token;
    public string? LostReason { get; private set; }

    public void MarkLost(string reason)
    {
        if (_lost.IsCancellationRequested)
        {
            return;
        }

        LostReason = reason;
        _lost.Cancel();
    }

    public void Dispose() => _lost.Dispose();
}
