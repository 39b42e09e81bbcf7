using System.Security.Cryptography;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Venvid.Contracts;
using Venvid.ServiceDefaults.HttpCaching;

namespace Venvid.ApiService.Caching;

/// <summary>
/// HTTP caching of the API. Endpoints marked <see cref="CacheWhenAnonymous{TBuilder}"/> answer anonymous
/// <c>GET</c>s with a strong ETag (304 on <c>If-None-Match</c>), <see cref="PublicCacheControl"/> and the tags that
/// name what they show (<see cref="EdgeHeaders.CacheTags"/>, for the edge's cache); the API keeps them in its own
/// output cache for <see cref="PublicResponsePolicy.Lifetime"/>. Everything else under <c>/api</c> is <see cref="PrivateCacheControl"/>.
/// </summary>
public static class HttpCaching
{
    public const string PolicyName = "public-when-anonymous";

    public static readonly string PublicCacheControl = $"public, max-age={PublicResponsePolicy.Lifetime.TotalSeconds:0}, stale-while-revalidate=30";
    public const string PrivateCacheControl = "private, no-store";

    private const string TagsItem = "venvid.cache-tags";

    public static IHostApplicationBuilder AddHttpCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(PolicyName, new PublicResponsePolicy(TagsOf));
            // Responses are small JSON documents; the cache is a hot set, not an archive.
            options.MaximumBodySize = 1024 * 1024;
            options.SizeLimit = 64 * 1024 * 1024;
        });
        builder.Services.AddSingleton<HttpCacheEvictions>();
        builder.Services.AddHostedService<CacheEvictionSubscriber>();
        return builder;
    }

    /// <summary>The output cache, then the headers and ETags it stores with each response.</summary>
    public static WebApplication UseHttpCaching(this WebApplication app)
    {
        app.UseOutputCache();
        app.Use(WriteHeadersAsync);
        return app;
    }

    /// <summary>Public for anonymous callers; <paramref name="tags"/> name what the response shows.</summary>
    public static TBuilder CacheWhenAnonymous<TBuilder>(this TBuilder builder, Func<HttpContext, IEnumerable<string>> tags)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicWhenAnonymous(tags)).CacheOutput(PolicyName);

    /// <summary>After a successful (2xx) answer, evicts the cached responses <paramref name="tags"/> name.</summary>
    public static TBuilder EvictsOnSuccess<TBuilder>(this TBuilder builder, Func<HttpContext, IEnumerable<string>> tags)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode;
            if (status is >= 200 and < 300)
            {
                var http = context.HttpContext;
                await http.RequestServices.GetRequiredService<HttpCacheEvictions>().EvictAsync([.. tags(http)], http.RequestAborted);
            }

            return result;
        });

    /// <summary>A strong validator of exact bytes: the first 128 bits of their SHA-256, base64url.</summary>
    public static string StrongETag(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return "\"" + Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
    }

    /// <summary>RFC 9110 §13.1.2: <c>*</c> or any listed tag, compared weakly (a W/ prefix still matches).</summary>
    public static bool Matches(IEnumerable<string?> ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var candidate = part.Trim();
                if (candidate == "*" || (candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate) == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> TagsOf(HttpContext http) =>
        http.Items.TryGetValue(TagsItem, out var tags) && tags is IEnumerable<string> list ? list : [];

    private static async Task WriteHeadersAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }

        var marker = http.GetEndpoint()?.Metadata.GetMetadata<PublicWhenAnonymous>();
        if (marker is null || !HttpMethods.IsGet(http.Request.Method) || http.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            http.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    response.Headers.CacheControl = PrivateCacheControl;
                }

                return Task.CompletedTask;
            }, http.Response);
            await next(http);
            return;
        }

        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
        }

        var response = http.Response;
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            var etag = StrongETag(bytes.Span);
            var tags = marker.Tags(http).ToArray();
            http.Items[TagsItem] = tags;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = PublicCacheControl;
            // A browser keeps this for its anonymous requests only: the same URL asked with a token is not answered
            // from (or revalidated against) the anonymous copy.
            response.Headers.Vary = HeaderNames.Authorization;
            response.Headers[EdgeHeaders.CacheTags] = string.Join(CacheEvictionSubscriber.Separator, tags);
            if (Matches(http.Request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.Remove(HeaderNames.ContentType);
                response.ContentLength = null;
                return;
            }
        }
        else if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
        {
            response.Headers.CacheControl = PrivateCacheControl;
        }

        response.ContentLength = bytes.Length;
        await body.WriteAsync(bytes, http.RequestAborted);
    }

    private sealed record PublicWhenAnonymous(Func<HttpContext, IEnumerable<string>> Tags);
}

/// <summary>
/// Drops cached public responses that show something that just changed: from this API's output cache, from the edge
/// in front of the request that changed it (the <see cref="EdgeHeaders.CacheEvict"/> response header, applied before
/// the caller hears the answer, so they read their own write), and from every other replica and edge of the region
/// (announced on Redis).
/// </summary>
public sealed class HttpCacheEvictions(
    IOutputCacheStore store, IHttpContextAccessor accessor, StackExchange.Redis.IConnectionMultiplexer redis, RedisGate gate,
    ILogger<HttpCacheEvictions> logger)
{
    public async Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken ct = default)
    {
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, ct);
        }

        if (accessor.HttpContext?.Response is { HasStarted: false } response)
        {
            response.Headers.Append(EdgeHeaders.CacheEvict, string.Join(CacheEvictionSubscriber.Separator, tags));
        }

        if (!gate.TryEnter())
        {
            return;
        }

        try
        {
            await redis.GetSubscriber().PublishAsync(CacheEvictionSubscriber.Channel, string.Join(CacheEvictionSubscriber.Separator, tags));
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            gate.ReportFailure(e);
            logger.LogWarning(e, "Could not announce the eviction of {Tags}; other replicas' copies expire within {Lifetime}",
                tags, PublicResponsePolicy.Lifetime);
        }
    }
}
