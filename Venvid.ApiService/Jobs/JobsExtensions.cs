using Venvid.ApiService.Processing;

namespace Venvid.ApiService.Jobs;

public static class JobsExtensions
{
    /// <summary>The media job queue: the queue itself, its cross-replica wake-up signal, the sweeper and change notifications.</summary>
    public static IHostApplicationBuilder AddJobQueue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.Section)
            .Validate(o => o.LeaseSeconds >= 5 && o.MaxAttempts >= 1 && o.MaxClaimWaitSeconds >= 1, "Venvid:Jobs needs a lease ≥ 5 s, ≥ 1 attempt and a claim wait ≥ 1 s.")
            .ValidateOnStart();
        builder.Services.AddScoped<JobQueue>();
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobSignal>());
        builder.Services.AddHostedService<JobSweeper>();
        builder.Services.AddSingleton<VideoChanges>();
        return builder;
    }
}
