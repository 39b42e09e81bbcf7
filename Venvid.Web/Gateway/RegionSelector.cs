using Microsoft.Extensions.Options;

namespace Venvid.Web.Gateway;

/// <summary>
/// Picks the region of a request: an explicit <c>X-Venvid-Region</c> header, then the <c>venvid_region</c> cookie
/// (a user's own choice), then the CDN's viewer-country header through the country map, then the default.
/// Unknown values are ignored, never an error: the request falls through to the next rule.
/// </summary>
public sealed class RegionSelector
{
    public const string Header = "X-Venvid-Region";
    public const string Cookie = "venvid_region";

    private readonly GatewayOptions _options;

    public RegionSelector(IOptions<GatewayOptions> options)
    {
        _options = options.Value;
        if (_options.Regions.Count == 0)
        {
            throw new InvalidOperationException($"{GatewayOptions.Section}:Regions names no region.");
        }

        if (!_options.Regions.ContainsKey(_options.DefaultRegion))
        {
            throw new InvalidOperationException($"{GatewayOptions.Section}:DefaultRegion '{_options.DefaultRegion}' is not one of its Regions.");
        }

        Regions = [.. _options.Regions.Keys.Select(r => r.ToLowerInvariant())];
    }

    /// <summary>Every region, in fail-over order.</summary>
    public IReadOnlyList<string> Regions { get; }

    public string Choose(HttpRequest request)
    {
        if (Known(request.Headers[Header].ToString()) is { } fromHeader)
        {
            return fromHeader;
        }

        if (Known(request.Cookies[Cookie]) is { } fromCookie)
        {
            return fromCookie;
        }

        var country = request.Headers[_options.CountryHeader].ToString().Trim();
        if (country.Length > 0 && _options.Countries.TryGetValue(country, out var mapped) && Known(mapped) is { } fromCountry)
        {
            return fromCountry;
        }

        return _options.DefaultRegion.ToLowerInvariant();
    }

    /// <summary>The chosen region first, then the others: where a request goes when its region cannot take it.</summary>
    public IEnumerable<string> InFailoverOrder(string chosen) => Regions.Where(r => r == chosen).Concat(Regions.Where(r => r != chosen));

    public static string ClusterId(string region) => ClusterPrefix + region;

    public const string ClusterPrefix = "api-";

    /// <summary>The clusters for requests that may stay silent for minutes (completing an upload).</summary>
    public const string LongClusterPrefix = "api-long-";

    private string? Known(string? region)
    {
        region = region?.Trim().ToLowerInvariant();
        return !string.IsNullOrEmpty(region) && _options.Regions.ContainsKey(region) ? region : null;
    }
}
