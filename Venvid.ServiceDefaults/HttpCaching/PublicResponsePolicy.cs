using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Venvid.ServiceDefaults.HttpCaching;

/// <summary>
/// The one output-cache rule of the API and the edge: only anonymous <c>GET</c>s are looked up or stored, keyed on
/// path and the whole query, and only a 200 that its producer marked <c>public</c> and that sets no cookie is kept —
/// so a response that depends on a caller (a bearer token, a cookie being set) is never served to anyone else.
/// Entries carry the tags <paramref name="tagsOf"/> names, by which writes evict them.
/// </summary>
public sealed class PublicResponsePolicy(Func<HttpContext, IEnumerable<string>> tagsOf) : IOutputCachePolicy
{
    /// <summary>How long a public response is kept anywhere (its <c>max-age</c>): counts lag by up to this; writes evict sooner.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var request = context.HttpContext.Request;
        var anonymousRead = HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey(HeaderNames.Authorization);
        context.EnableOutputCaching = anonymousRead;
        context.AllowCacheLookup = anonymousRead;
        context.AllowCacheStorage = anonymousRead;
        // Concurrent misses of one key wait for the first instead of all reaching the origin.
        context.AllowLocking = anonymousRead;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || !IsPublic(response.Headers.CacheControl))
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }

        foreach (var tag in tagsOf(context.HttpContext))
        {
            context.Tags.Add(tag);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>True when the directives say <c>public</c> and nothing that forbids a shared cache.</summary>
    public static bool IsPublic(IEnumerable<string?> cacheControl)
    {
        var isPublic = false;
        foreach (var value in cacheControl)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var directive = part.Trim();
                if (directive.Equals("private", StringComparison.OrdinalIgnoreCase)
                    || directive.Equals("no-store", StringComparison.OrdinalIgnoreCase)
                    || directive.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                isPublic |= directive.Equals("public", StringComparison.OrdinalIgnoreCase);
            }
        }

        return isPublic;
    }
}
