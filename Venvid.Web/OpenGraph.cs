using System.Text.Encodings.Web;
using Microsoft.Extensions.FileProviders;
using Venvid.Contracts;

namespace Venvid.Web;

/// <summary>
/// Serves the SPA's <c>index.html</c> with its Open Graph / Twitter placeholders filled in, so a shared
/// <c>/watch/{id}</c> link unfurls with the video's title, description and thumbnail (crawlers run no JavaScript).
/// A watch page also preloads its poster (<see cref="WatchPoster"/>, the one the player shows), so the largest paint
/// does not wait for the scripts and the API call.
/// </summary>
public sealed class OpenGraph(IVenvidApi api, ILogger<OpenGraph> logger)
{
    private const string DefaultTitle = "Venvid";
    private const string DefaultDescription = "Watch and share videos on Venvid.";
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(2);

    private (DateTimeOffset Modified, string Html)? _template;

    public async Task WriteIndexAsync(HttpContext context, IFileInfo index)
    {
        var template = Template(index);
        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        var tags = new Tags(DefaultTitle, DefaultDescription, $"{origin}/favicon.svg", origin + context.Request.Path, Preload: null);

        if (context.Request.Path.StartsWithSegments("/watch", out var rest) && rest.Value?.Trim('/') is { Length: > 0 and <= 16 } id
            && !id.Contains('/', StringComparison.Ordinal))
        {
            tags = await ForVideoAsync(id, origin, tags, context.RequestAborted);
        }

        var html = template
            .Replace("__OG_TITLE__", HtmlEncoder.Default.Encode(tags.Title), StringComparison.Ordinal)
            .Replace("__OG_DESCRIPTION__", HtmlEncoder.Default.Encode(tags.Description), StringComparison.Ordinal)
            .Replace("__OG_IMAGE__", HtmlEncoder.Default.Encode(tags.Image), StringComparison.Ordinal)
            .Replace("__OG_URL__", HtmlEncoder.Default.Encode(tags.Url), StringComparison.Ordinal);
        if (tags.Preload is { Count: > 0 } posters)
        {
            var srcset = string.Join(", ", posters.Select(p => $"{p.Url} {p.Width}w"));
            html = html.Replace("</head>",
                $"<link rel=\"preload\" as=\"image\" imagesrcset=\"{HtmlEncoder.Default.Encode(srcset)}\" imagesizes=\"{PlayerSizes}\" " +
                $"type=\"{posters[0].Type}\" fetchpriority=\"high\">\n</head>",
                StringComparison.Ordinal);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private async Task<Tags> ForVideoAsync(string id, string origin, Tags fallback, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(LookupTimeout);
            // Anonymous lookup: private videos stay private in link previews too.
            var response = await api.GetVideoAsync(id, accessToken: null, timeout.Token);
            if (!response.IsSuccessful || response.Content is not { } video)
            {
                return fallback;
            }

            var description = video.Description.Length > 200 ? video.Description[..197] + "..." : video.Description;
            return fallback with
            {
                Title = $"{video.Title} - Venvid",
                Description = description.Length > 0 ? description : $"A video by {video.Uploader.DisplayName ?? video.Uploader.Username}.",
                Image = video.ThumbnailUrl is { } thumbnail ? origin + thumbnail : fallback.Image,
                Preload = WatchPosters(video.Thumbnails),
            };
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or Refit.ApiException)
        {
            // The page still works without a rich preview.
            logger.LogDebug(e, "No Open Graph data for video {VideoId}", id);
            return fallback;
        }
    }

    private string Template(IFileInfo index)
    {
        var cached = _template;
        if (cached is { } t && t.Modified == index.LastModified)
        {
            return t.Html;
        }

        using var reader = new StreamReader(index.CreateReadStream());
        var html = reader.ReadToEnd();
        _template = (index.LastModified, html);
        return html;
    }

    /// <summary>
    /// The poster sizes the player picks from: WebP (JPEG where there is none), at most 1280 px wide — the choice of
    /// the front end's <c>posterUrl</c>, so the browser preloads the file the player then shows.
    /// </summary>
    public static IReadOnlyList<ThumbnailDto> WatchPosters(IReadOnlyList<ThumbnailDto> thumbnails)
    {
        var usable = thumbnails.Where(t => t.Width is > 0 and <= 1280).ToList();
        var type = usable.Any(t => t.Type == "image/webp") ? "image/webp" : "image/jpeg";
        return [.. usable.Where(t => t.Type == type).OrderBy(t => t.Width)];
    }

    /// <summary>The player's CSS width per viewport (the front end's <c>estimatePlayerWidth</c>, styles.css).</summary>
    public const string PlayerSizes =
        "(max-width: 767.98px) calc(100vw - 32px), (max-width: 991.98px) min(calc(100vw - 64px), 1280px), " +
        "(max-width: 1199.98px) min(calc(100vw - 296px), 1280px), calc(min(calc(100vw - 296px), 1640px) - 384px)";

    private sealed record Tags(string Title, string Description, string Image, string Url, IReadOnlyList<ThumbnailDto>? Preload);
}
