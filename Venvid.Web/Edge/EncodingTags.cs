using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Venvid.Web.Edge;

/// <summary>
/// One entity tag per representation (RFC 9110 §8.8.3). The origins tag the identity bytes (the API a hash of its
/// JSON, storage the object's MD5); this host compresses on the way out, and a brotli or gzip body is a different
/// representation, so it gets its own tag: the encoding appended inside the quotes (<c>"abc"</c> → <c>"abc.br"</c>).
/// <c>If-None-Match</c> is translated back before anything behind this host compares it (the output cache, the API,
/// storage), and a 304 answers with the tag the client holds. <c>If-Range</c> is left alone on purpose: a range of
/// identity bytes must never be spliced onto a compressed copy, so a compressed tag there simply fails to match.
/// No origin tag here holds a dot (base64url, hex, S3's <c>hex-parts</c>), so the mapping is one to one.
/// </summary>
public static class EncodingTags
{
    /// <summary>Each encoding this host produces, and the end it gives a tag (inside the closing quote).</summary>
    private static readonly (string Encoding, string Suffix)[] Encodings = [("br", ".br\""), ("gzip", ".gzip\"")];

    /// <summary>Before response compression, so the tag is rewritten after it has chosen the encoding.</summary>
    public static void UseEncodingTags(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var held = TranslateConditions(context.Request);
            context.Response.OnStarting(() =>
            {
                TagRepresentation(context.Response, held);
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>Rewrites <c>If-None-Match</c> to identity tags; returns each rewritten tag by the identity tag it became.</summary>
    private static Dictionary<string, string>? TranslateConditions(HttpRequest request)
    {
        var header = request.Headers.IfNoneMatch;
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return null;
        }

        Dictionary<string, string>? held = null;
        var translated = new List<string>(tags.Count);
        foreach (var tag in tags)
        {
            if (!tag.Equals(EntityTagHeaderValue.Any) && Split(tag.Tag.Value!) is { } identity)
            {
                held ??= new Dictionary<string, string>(StringComparer.Ordinal);
                held.TryAdd(identity, tag.Tag.Value!);
                translated.Add(tag.IsWeak ? "W/" + identity : identity);
            }
            else
            {
                translated.Add(tag.ToString());
            }
        }

        if (held is not null)
        {
            request.Headers.IfNoneMatch = string.Join(", ", translated);
        }

        return held;
    }

    /// <summary>Gives a compressed body its own tag, and a 304 the tag the client asked with.</summary>
    private static void TagRepresentation(HttpResponse response, Dictionary<string, string>? held)
    {
        // Every other answer keeps its tag, unparsed: this runs on every response of the host.
        var notModified = response.StatusCode == StatusCodes.Status304NotModified;
        var suffix = notModified ? null : SuffixOf(response.Headers.ContentEncoding);
        if ((notModified ? held is null : suffix is null) || !EntityTagHeaderValue.TryParse(response.Headers.ETag.ToString(), out var tag))
        {
            return;
        }

        var value = tag.Tag.Value!;
        var representation = notModified ? held!.GetValueOrDefault(value) : string.Concat(value.AsSpan(0, value.Length - 1), suffix);
        if (representation is not null)
        {
            response.Headers.ETag = tag.IsWeak ? "W/" + representation : representation;
        }
    }

    private static string? SuffixOf(StringValues contentEncoding)
    {
        if (contentEncoding is [{ } encoding])
        {
            foreach (var (name, suffix) in Encodings)
            {
                if (encoding.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return suffix;
                }
            }
        }

        return null;
    }

    /// <summary>The identity tag of a compressed representation's tag (quoted), or null if it names none.</summary>
    private static string? Split(string quoted)
    {
        foreach (var (_, suffix) in Encodings)
        {
            if (quoted.Length > suffix.Length + 1 && quoted.EndsWith(suffix, StringComparison.Ordinal))
            {
                return string.Concat(quoted.AsSpan(0, quoted.Length - suffix.Length), "\"");
            }
        }

        return null;
    }
}
