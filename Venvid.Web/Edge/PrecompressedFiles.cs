using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Venvid.Web.Edge;

/// <summary>
/// The built front end is compressed once, at build time (<c>X.br</c> and <c>X.gz</c> next to <c>X</c>, at the
/// highest levels): a request for <c>X</c> is answered with the best variant the browser accepts, with its
/// <c>Content-Encoding</c> and <c>Vary: Accept-Encoding</c>, and the type of <c>X</c>. The variants are never served
/// under their own names.
/// </summary>
public static class PrecompressedFiles
{
    private const string EncodingItem = "venvid.precompressed";

    private static readonly (string Encoding, string Extension)[] Variants = [("br", ".br"), ("gzip", ".gz")];

    public static void UsePrecompressedFiles(this IApplicationBuilder app, IFileProvider files)
    {
        app.Use((context, next) =>
        {
            var request = context.Request;
            var path = request.Path.Value;
            if (path is null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                return next(context);
            }

            if (Variants.Any(v => path.EndsWith(v.Extension, StringComparison.OrdinalIgnoreCase)) && files.GetFileInfo(path).Exists)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            var hasVariant = false;
            foreach (var (encoding, extension) in Variants)
            {
                if (!files.GetFileInfo(path + extension).Exists)
                {
                    continue;
                }

                hasVariant = true;
                if (Accepts(request, encoding))
                {
                    context.Items[EncodingItem] = encoding;
                    request.Path = path + extension;
                    break;
                }
            }

            if (hasVariant)
            {
                context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
            }

            return next(context);
        });
    }

    /// <summary>Types by the name before the encoding's extension; what <see cref="StaticFileOptions.ContentTypeProvider"/> needs.</summary>
    public static IContentTypeProvider ContentTypes { get; } = new VariantContentTypes();

    /// <summary>Call from <see cref="StaticFileOptions.OnPrepareResponse"/>.</summary>
    public static void MarkEncoding(HttpContext context)
    {
        if (context.Items.TryGetValue(EncodingItem, out var encoding) && encoding is string value)
        {
            context.Response.Headers.ContentEncoding = value;
        }
    }

    private static bool Accepts(HttpRequest request, string encoding) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            e.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);

    private sealed class VariantContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _types = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            foreach (var (_, extension) in Variants)
            {
                if (subpath.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    subpath = subpath[..^extension.Length];
                    break;
                }
            }

            return _types.TryGetContentType(subpath, out contentType!);
        }
    }
}
