using Amazon.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Venvid.Contracts.Storage;
using Venvid.MediaWorker.Jobs;
using Venvid.MediaWorker.Media;
using Venvid.MediaWorker.Storage;

namespace Venvid.MediaWorker;

public static class Extensions
{
    /// <summary>SIGTERM to exit: ffmpeg is killed at once and the lease released, well inside Kubernetes' 30 s grace period.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    public static IHostApplicationBuilder AddMediaPipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaToolOptions>().BindConfiguration("Venvid:Media");
        builder.Services.AddOptions<MediaLimits>().BindConfiguration("Venvid:Media:Limits");
        builder.Services.AddOptions<TranscodeOptions>().BindConfiguration("Venvid:Media:Transcode");
        builder.Services.AddSingleton(sp => new FfmpegTools(sp.GetRequiredService<IOptions<MediaToolOptions>>().Value.BinaryFolder));
        builder.Services.AddSingleton<Prober>();
        builder.Services.AddSingleton<HlsTranscoder>();
        builder.Services.AddHealthChecks().AddCheck<FfmpegHealthCheck>("ffmpeg", tags: ["ready"]);
        return builder;
    }

    private const string StorageSection = "Venvid:Storage";

    public static IHostApplicationBuilder AddTranscodeJobs(this IHostApplicationBuilder builder)
    {
        var storage = StorageOptions.Parse(builder.Configuration.GetConnectionString(StorageOptions.ConnectionName));
        builder.Configuration.GetSection(StorageSection).Bind(storage);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton<IAmazonS3>(_ => storage.CreateClient());
        builder.Services.AddSingleton<IMediaStore, S3MediaStore>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<JobRunnerOptions>().BindConfiguration(JobRunnerOptions.Section)
            .Validate(o => o.Concurrency is >= 1 and <= 64, "Venvid:Worker:Jobs:Concurrency must be 1–64.")
            .Validate(o => o.ClaimWaitSeconds is >= 0 and <= 60, "Venvid:Worker:Jobs:ClaimWaitSeconds must be 0–60.")
            .ValidateOnStart();
        builder.Services.AddSingleton<JobProcessor>();
        builder.Services.AddHostedService<JobRunner>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        return builder;
    }
}
