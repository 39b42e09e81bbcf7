namespace Venvid.ApiService.Uploads;

public static class UploadsExtensions
{
    public static IHostApplicationBuilder AddUploads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.Section)
            .Validate(o => o.MinPartSizeBytes >= 5 * 1024 * 1024, "Storage needs parts of at least 5 MiB.")
            .Validate(o => o.StreamingPartSizeBytes >= 5 * 1024 * 1024, "Storage needs parts of at least 5 MiB.")
            .Validate(o => o.MaxParts is >= 1 and <= 10_000, "Storage allows 1 to 10,000 parts.")
            .ValidateOnStart();
        builder.Services.AddScoped<UploadService>();
        return builder;
    }
}
