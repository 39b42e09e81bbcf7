using Venvid.ApiService.Views;

namespace Venvid.ApiService.Videos;

public static class VideoServiceExtensions
{
    /// <summary>Catalogue reads and view counting (with its background flush).</summary>
    public static IHostApplicationBuilder AddVideoCatalogue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VideoMapper>();
        builder.Services.AddScoped<VideoReader>();
        builder.Services.AddScoped<Playlists.PlaylistStore>();
        builder.Services.AddScoped<Playlists.PlaylistPresenter>();
        builder.Services.AddOptions<ViewOptions>()
            .BindConfiguration(ViewOptions.SectionName)
            .Validate(o => o.DedupeWindow >= TimeSpan.FromSeconds(1) && o.FlushInterval > TimeSpan.Zero && o.TrendingHalfLife > TimeSpan.Zero
                && o.PendingReadFreshness >= TimeSpan.Zero && o.PendingReadFreshness <= TimeSpan.FromSeconds(5),
                "Venvid:Views windows must be positive (PendingReadFreshness: 0–5 s).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ViewCountWrites>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ViewCountWrites>());
        builder.Services.AddSingleton<PendingViewReads>();
        builder.Services.AddScoped<ViewCounter>();
        builder.Services.AddSingleton<ViewFlushService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ViewFlushService>());
        return builder;
    }
}
