using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;
using Refit;
using Venvid.Contracts;
using Venvid.Contracts.Storage;
using Venvid.Web.Edge;
using Venvid.Web.Gateway;
using Microsoft.Extensions.Options;

namespace Venvid.Web;

/// <summary>
/// The edge: one origin for the browser. Serves the built React app, forwards <c>/api/*</c> to the API of the
/// caller's region (Gateway/) and <c>/media/*</c> to storage — the local stand-in for the production API gateway and CDN.
/// Nothing else is forwarded, so the API's <c>/internal/*</c> worker endpoints are unreachable from outside.
/// </summary>
public static class EdgeExtensions
{
    public const string MediaRoute = "media";

    /// <summary>JSON bodies are small (the API allows 1 MiB); larger ones are refused here, before they cost the API anything.</summary>
    internal const long ApiBodyLimit = 1024 * 1024;

    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder)
    {
        var storage = StorageOptions.Parse(builder.Configuration.GetConnectionString(StorageOptions.ConnectionName));
        var mediaAddress = storage.Endpoint ?? builder.Configuration["Venvid:Storage:PublicEndpoint"]
            ?? throw new InvalidOperationException("No storage endpoint: set ConnectionStrings:storage or Venvid:Storage:PublicEndpoint.");

        builder.Services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClientIdentity>();
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        builder.Services.AddSingleton<RegionSelector>();
        builder.Services.AddSingleton<RegionRouting>();
        builder.AddGatewayRateLimits();
        builder.AddPublicApiCors();
        builder.AddEdgeCache();
        builder.AddEdgeCompression();
        builder.AddEdgeProxy(storage, mediaAddress);

        builder.Services.AddRefitGeneratedClient<IVenvidApi>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri("https+http://api"));
        builder.Services.AddSingleton<OpenGraph>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<MediaAccessGate>();
        return builder;
    }

    /// <summary>Dynamic text only: the front end is precompressed at build time (PrecompressedFiles), media is binary.</summary>
    private static void AddEdgeCompression(this IHostApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "application/vnd.apple.mpegurl", "text/vtt"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
    }

    public static WebApplication MapEdge(this WebApplication app)
    {
        var identity = app.Services.GetRequiredService<ClientIdentity>();
        app.Use((context, next) => identity.InvokeAsync(context, () => next(context)));
        app.Use((context, next) =>
        {
            // Sign-in answers hold tokens next to what the caller typed: never compressed, so their length tells
            // nothing about the secret (BREACH). TLS ends before this host, so this cannot hinge on HTTPS.
            if (context.Request.Path.StartsWithSegments("/api/auth"))
            {
                context.Request.Headers.AcceptEncoding = default;
            }

            return next(context);
        });
        // Around the compression, so each encoding the edge produces carries its own entity tag.
        app.UseEncodingTags();
        app.UseResponseCompression();
        var burst = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                // The same for every client, so shared caches may keep it with the answer.
                context.Response.Headers[EdgeHeaders.RateLimitLimit] = burst;
            }

            // Refuse declared-oversized bodies up front with a proper 413, rather than cutting the upload mid-stream.
            var isUpload = HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/api/videos", StringComparison.OrdinalIgnoreCase);
            if (context.Request.ContentLength > ApiBodyLimit && !isUpload && context.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    type: ProblemTypes.ForStatus(StatusCodes.Status413PayloadTooLarge),
                    title: "Request body too large.",
                    detail: $"Request bodies sent to /api are limited to {ApiBodyLimit} bytes (videos go through the upload endpoints).").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        var gate = app.Services.GetRequiredService<MediaAccessGate>();
        var regions = app.Services.GetRequiredService<RegionRouting>();
        // Before the rate limiter: a preflight is answered here and costs the caller nothing.
        app.UseCors();
        app.UseRateLimiter();
        // After the rate limiter: answers from the cache still count against the caller's limits.
        app.UseOutputCache();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use((context, next) => regions.InvokeAsync(context, () => next()));
            proxy.Use((context, next) => gate.InvokeAsync(context, () => next()));
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        // Anything under /media that is not a published output (e.g. raw uploads) does not exist here — not even as the SPA.
        app.MapMethods("/media/{**rest}", ["GET", "HEAD"], () => Results.NotFound());

        var dist = Path.Combine(app.Environment.ContentRootPath, "ClientApp", "dist");
        if (Directory.Exists(dist))
        {
            var files = new PhysicalFileProvider(dist);
            app.UsePrecompressedFiles(files);
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = PrecompressedFiles.ContentTypes,
                OnPrepareResponse = context =>
                {
                    PrecompressedFiles.MarkEncoding(context.Context);
                    // Vite fingerprints everything under /assets: cache forever. index.html must always revalidate.
                    context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                        ? "public, max-age=31536000, immutable"
                        : "no-cache";
                },
            });
            // Client-side routes get index.html with their Open Graph tags filled in. Channels (/@name) explicitly:
            // a username may hold a dot, which the fallback would take for a file name.
            app.MapFallback((HttpContext context, OpenGraph openGraph) => openGraph.WriteIndexAsync(context, files.GetFileInfo("index.html")));
            app.MapGet("/@{username}", (HttpContext context, OpenGraph openGraph) => openGraph.WriteIndexAsync(context, files.GetFileInfo("index.html")));
        }
        else
        {
            app.Logger.LogWarning("No built front end at {Dist}; run `npm run build` in Venvid.Web/ClientApp.", dist);
        }

        return app;
    }
}

/// <summary>
/// Segments and images never change once written (job-keyed paths); playlists change while a video is processing.
/// Media served on the uploader's grant is <c>private</c>: browsers keep it, shared caches (the CDN) never do.
/// </summary>
public static class MediaCacheHeaders
{
    public static void Apply(HttpContext context)
    {
        if (context.Response.StatusCode != StatusCodes.Status200OK && context.Response.StatusCode != StatusCodes.Status206PartialContent)
        {
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        var scope = MediaAccessGate.Of(context) == MediaAccess.Private ? "private" : "public";
        var path = context.Request.Path.Value ?? "";
        context.Response.Headers.CacheControl = path.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase)
            ? $"{scope}, max-age=2"
            : $"{scope}, max-age=31536000, immutable";
    }
}
