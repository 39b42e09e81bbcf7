namespace Venvid.Web.Gateway;

/// <summary>
/// Browsers on other origins may call the public API with a bearer token, as a third-party client would: any origin,
/// never with credentials (no cookies cross origins, so nothing can be done in a signed-in viewer's name), and the
/// answer headers a client needs (ETag for revalidation, Location, Retry-After, the rate limit) exposed.
/// </summary>
public static class PublicApiCors
{
    public const string Policy = "public-api";

    public static IHostApplicationBuilder AddPublicApiCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCors(options => options.AddPolicy(Policy, cors => cors
            .AllowAnyOrigin()
            .WithMethods("GET", "HEAD", "POST", "PUT", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "If-None-Match", "If-Match", "Accept", "Accept-Language")
            .WithExposedHeaders("ETag", "Location", "Retry-After", Venvid.Contracts.EdgeHeaders.RateLimitLimit)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return builder;
    }
}
