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
    private static readonly string[] Encodings = ["br", "gzip"];

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
        var header = response.Headers.ETag;
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParse(header.ToString(), out var tag))
        {
            return;
        }

        var value = tag.Tag.Value!;
        string? representation = null;
        if (response.StatusCode == StatusCodes.Status304NotModified)
        {
            if (held is not null && held.TryGetValue(value, out var asked))
            {
                representation = asked;
            }
        }
        else if (response.Headers.ContentEncoding is [{ } encoding] && Encodings.Contains(encoding, StringComparer.OrdinalIgnoreCase))
        {
            representation = string.Concat(value.AsSpan(0, value.Length - 1), ".", encoding.ToLowerInvariant(), "\"");
        }

        if (representation is not null)
        {
            response.Headers.ETag = tag.IsWeak ? "W/" + representation : representation;
        }
    }

    /// <summary>The identity tag of a compressed representation's tag (quoted), or null if it names none.</summary>
    private static string? Split(string quoted)
    {
        foreach (var encoding in Encodings)
        {
            var suffix = "." + encoding + "\"";
            if (quoted.Length > suffix.Length + 1 && quoted.EndsWith(suffix, StringComparison.Ordinal))
            {
                return string.Concat(quoted.AsSpan(0, quoted.Length - suffix.Length), "\"");
            }
        }

        return null;
    }
}
