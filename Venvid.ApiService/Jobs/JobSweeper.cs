using Microsoft.Extensions.Options;
using Venvid.ApiService.Uploads;

namespace Venvid.ApiService.Jobs;

/// <summary>
/// Keeps nothing stuck: buries jobs whose worker died on their last attempt (their videos fail with a reason)
/// and cleans up uploads that were started but never completed before they expired.
/// Safe on every replica at once: each step is one conditional statement.
/// </summary>
public sealed class JobSweeper(IServiceScopeFactory scopes, IOptions<JobOptions> options, ILogger<JobSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var buried = await scope.ServiceProvider.GetRequiredService<JobQueue>().BuryAbandonedAsync(stoppingToken);
                if (buried > 0)
                {
                    logger.LogWarning("Buried {Count} job(s) whose worker stopped responding on every attempt", buried);
                }

                await scope.ServiceProvider.GetRequiredService<UploadService>().CleanExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or storage is down: try again next tick.
                logger.LogWarning(e, "Sweep failed; retrying next interval");
            }
        }
    }
}
