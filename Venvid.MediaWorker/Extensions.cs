using Microsoft.Extensions.Options;
using Venvid.MediaWorker.Media;

namespace Venvid.MediaWorker;

public static class Extensions
{
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
}
