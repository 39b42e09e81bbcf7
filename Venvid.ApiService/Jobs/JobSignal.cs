using Npgsql;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Jobs;

/// <summary>
/// Wakes waiting claim requests the moment a job is queued, on any API replica: the enqueuing transaction
/// runs <c>NOTIFY venvid_jobs</c> (delivered on commit) and every replica <c>LISTEN</c>s on one dedicated connection.
/// If the listener is down, waiters still wake on their own short timeout, so jobs are never stranded.
/// </summary>
public sealed class JobSignal(IConfiguration configuration, ILogger<JobSignal> logger) : BackgroundService
{
    public const string Channel = "venvid_jobs";

    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a job may have become claimable, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var pulse = Volatile.Read(ref _pulse).Task;
        await Task.WhenAny(pulse, Task.Delay(timeout, ct));
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Wakes the waiters of this replica (other replicas hear the NOTIFY).</summary>
    public void Pulse() => Interlocked.Exchange(ref _pulse, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = configuration.GetConnectionString(DatabaseExtensions.ConnectionName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // A job queued while we were not listening: wake everyone once.
                Pulse();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "Job notification listener lost its connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
