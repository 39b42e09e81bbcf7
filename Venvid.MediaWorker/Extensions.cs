using Microsoft.Extensions.Options;
using Venvid.MediaWorker.Media;

namespace Venvid.MediaWorker;

public static class Extensions
{
    public static IHostApplicationBuilder AddMediaPipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaToolOptions>().BindConfiguration("Venvid:Media");
        builder.Services.AddSingleton(sp => new FfmpegTools(sp.GetRequiredService<IOptions<MediaToolOptions>>().Value.BinaryFolder));
        builder.Services.AddHealthChecks().AddCheck<FfmpegHealthCheck>("ffmpeg", tags: ["ready"]);
        return builder;
    }
}
