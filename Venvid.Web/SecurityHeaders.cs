using Venvid.Contracts.Storage;

namespace Venvid.Web;

public static class SecurityHeaders
{
    /// <summary>
    /// Browser hardening for everything the edge serves. The CSP allows media and XHR to the same origin and to
    /// blob: (hls.js uses MediaSource blobs); uploads PUT parts straight to storage, so its origin is allowed for connect-src.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var storageOrigin = app.Configuration["Venvid:Storage:BrowserOrigin"] ?? StorageOrigin(app.Configuration);
        var csp = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            $"connect-src 'self' {storageOrigin}".TrimEnd(),
            "worker-src 'self' blob:",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

        // The API reference page (Scalar) configures itself in an inline script; it shows only the API's own document.
        var referenceCsp = csp.Replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", StringComparison.Ordinal);

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? referenceCsp : csp;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next();
        });
        return app;
    }

    private static string StorageOrigin(IConfiguration configuration) =>
        StorageOptions.Parse(configuration.GetConnectionString(StorageOptions.ConnectionName)).Endpoint is { } endpoint
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : "";
}
