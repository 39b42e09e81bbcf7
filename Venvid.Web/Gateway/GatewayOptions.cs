namespace Venvid.Web.Gateway;

/// <summary><c>Venvid:Gateway</c>: the regions the edge forwards <c>/api</c> to, and how it picks one per request.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Venvid:Gateway";

    /// <summary>Region code → API address (service discovery, e.g. <c>https+http://api-eu</c>).</summary>
    public Dictionary<string, string> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Region code → storage endpoint of that region's replica of the media bucket (same bucket name, <c>videos/</c>
    /// replicated from the primary). Regions without one read media from the primary (the <c>storage</c> connection).
    /// </summary>
    public Dictionary<string, string> MediaOrigins { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a region's media replica may take to start answering before the primary is asked instead.</summary>
    public TimeSpan MediaReplicaTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where requests go when nothing about them names a region.</summary>
    public string DefaultRegion { get; set; } = "ca";

    /// <summary>ISO 3166 country code → region, applied to <see cref="CountryHeader"/>.</summary>
    public Dictionary<string, string> Countries { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Header the CDN puts the viewer's country in (CloudFront: <c>CloudFront-Viewer-Country</c>).</summary>
    public string CountryHeader { get; set; } = "CloudFront-Viewer-Country";

    /// <summary>How often the edge probes each region's APIs (<c>/alive</c>); a region whose APIs all fail it gets no traffic.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests to <c>/api</c> per client address: a bucket of <see cref="RateLimitBurst"/> refilled at this rate.</summary>
    public int RateLimitPerSecond { get; set; } = 100;

    public int RateLimitBurst { get; set; } = 300;
}
