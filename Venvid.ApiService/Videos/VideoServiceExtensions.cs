using Venvid.ApiService.Views;

namespace Venvid.ApiService.Videos;

public static class VideoServiceExtensions
{
    /// <summary>Catalogue reads and view counting (with its background writer).</summary>
    public static IHostApplicationBuilder AddVideoCatalogue(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VideoMapper>();
        builder.Services.AddScoped<VideoReader>();
        builder.Services.AddScoped<Playlists.PlaylistStore>();
        builder.Services.AddScoped<Playlists.PlaylistPresenter>();
        builder.Services.AddOptions<ViewOptions>()
            .BindConfiguration(ViewOptions.SectionName)
            .Validate(o => o.DedupeWindow >= TimeSpan.FromSeconds(1) && o.FlushInterval > TimeSpan.Zero && o.FlushInterval <= TimeSpan.FromSeconds(5)
                && o.TrendingHalfLife > TimeSpan.Zero,
                "Venvid:Views windows must be positive (FlushInterval at most 5 s: views show within a few seconds).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ViewWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ViewWriter>());
        builder.Services.AddScoped<ViewCounter>();
        return builder;
    }
}
