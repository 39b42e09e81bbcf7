namespace Venvid.ApiService.Infrastructure;

/// <summary>
/// <c>X-Venvid-Region</c> on every response when <c>Venvid:Region</c> is set (by the deployment, per region): which
/// region served the request, for clients, the gateway's operators and the region tests. Not a secret: the
/// gateway chose it from the caller's own header, cookie or country.
/// </summary>
public static class RegionHeader
{
    public const string Name = "X-Venvid-Region";

    public static IApplicationBuilder UseRegionHeader(this IApplicationBuilder app)
    {
        var region = app.ApplicationServices.GetRequiredService<IConfiguration>()["Venvid:Region"];
        if (string.IsNullOrWhiteSpace(region))
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            context.Response.Headers[Name] = region;
            return next(context);
        });
    }
}
