namespace Venvid.Contracts;

/// <summary>Headers between the CDN and the public edge (the web host), and between the regions' edges.</summary>
public static class EdgeHeaders
{
    /// <summary>Added by the CDN to every origin request, holding the origin secret: the request came through the CDN.</summary>
    public const string OriginSecret = "X-Venvid-Origin-Verify";

    /// <summary>The viewer's address and port as the CDN saw them (CloudFront's header).</summary>
    public const string ViewerAddress = "CloudFront-Viewer-Address";

    /// <summary>On a public API response: the cache tags naming what it shows (space-separated); the edge keeps and strips it.</summary>
    public const string CacheTags = "Venvid-Cache-Tags";

    /// <summary>On an API response to a write: the tags whose cached responses it made stale; the edge evicts them and strips it.</summary>
    public const string CacheEvict = "Venvid-Cache-Evict";

    /// <summary>On every <c>/api</c> answer from the edge: the burst a client may send before it is answered 429.</summary>
    public const string RateLimitLimit = "X-RateLimit-Limit";
}
