using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Venvid.Web.Edge;

/// <summary>
/// Decides who a request comes from before anything keys on it (throttles here, sign-in limits in the API): the CDN's
/// viewer address when the request proves it came through the CDN, else a trusted load balancer's entry, else the
/// connecting peer. Every client-sent forwarding header is then removed, so the API hears only this edge's word.
/// </summary>
public sealed class ClientIdentity
{
    /// <summary>Headers a client could use to name another address or scheme; none of them passes the edge.</summary>
    private static readonly string[] ForwardingHeaders =
        ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "X-Real-IP", "Forwarded", "True-Client-IP"];

    private readonly EdgeOptions _options;
    private readonly IPNetwork[] _trusted;
    private readonly byte[]? _secretHash;

    public ClientIdentity(IOptions<EdgeOptions> options)
    {
        _options = options.Value;
        _trusted = [.. _options.TrustedProxyNetworks.Select(n => IPNetwork.Parse(n))];
        _secretHash = string.IsNullOrEmpty(_options.OriginSecret) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(_options.OriginSecret));
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var fromCdn = CarriesOriginSecret(request);
        if (_options.RequireOriginSecret && !fromCdn && !IsProbe(request.Path))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                type: Venvid.Contracts.ProblemTypes.ForStatus(StatusCodes.Status403Forbidden),
                title: "This origin answers only through the CDN.").ExecuteAsync(context);
            return;
        }

        var peer = Normalize(context.Connection.RemoteIpAddress ?? IPAddress.None);
        var fromProxy = _trusted.Any(network => network.Contains(peer));
        var client = peer;
        if (fromCdn && ParseAddress(request.Headers[_options.ViewerAddressHeader].ToString(), withPort: true) is { } viewer)
        {
            client = viewer;
        }
        else if (fromProxy && ParseAddress(LastEntry(request.Headers["X-Forwarded-For"]), withPort: false) is { } forwarded)
        {
            client = forwarded;
        }

        if ((fromCdn || fromProxy) && LastEntry(request.Headers["X-Forwarded-Proto"]) is ("https" or "http") and var scheme)
        {
            request.Scheme = scheme;
        }

        context.Connection.RemoteIpAddress = client;
        foreach (var header in ForwardingHeaders)
        {
            request.Headers.Remove(header);
        }

        request.Headers.Remove(_options.ViewerAddressHeader);
        request.Headers.Remove(_options.OriginSecretHeader);
        await next();
    }

    /// <summary>Headers for a request this edge sends on to another region's edge: it speaks for the client as the CDN would.</summary>
    public IEnumerable<(string Name, string Value)> OnwardHeaders(HttpContext context)
    {
        if (string.IsNullOrEmpty(_options.OriginSecret))
        {
            yield break;
        }

        yield return (_options.OriginSecretHeader, _options.OriginSecret);
        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        yield return (_options.ViewerAddressHeader, client.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{client}]:0" : $"{client}:0");
    }

    private bool CarriesOriginSecret(HttpRequest request)
    {
        if (_secretHash is null || !request.Headers.TryGetValue(_options.OriginSecretHeader, out var sent) || sent.Count != 1)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(_secretHash, SHA256.HashData(Encoding.UTF8.GetBytes(sent.ToString())));
    }

    private static bool IsProbe(PathString path) =>
        path.Equals(ServiceDefaultsExtensions.HealthPath, StringComparison.Ordinal) || path.Equals(ServiceDefaultsExtensions.AlivePath, StringComparison.Ordinal);

    /// <summary>The address the nearest proxy saw: the last entry of the last header line.</summary>
    private static string LastEntry(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? "" : values[^1]!.Split(',')[^1].Trim();

    /// <summary><c>198.51.100.10</c>, <c>198.51.100.10:46532</c>, <c>[2001:db8::1]:443</c> or <c>2001:db8::1:443</c> (CloudFront's form).</summary>
    public static IPAddress? ParseAddress(string value, bool withPort)
    {
        value = value.Trim();
        if (value.Length is 0 or > 64)
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (withPort && colon > 0 && IPAddress.TryParse(value[..colon].Trim('[', ']'), out var withoutPort))
        {
            return Normalize(withoutPort);
        }

        return IPAddress.TryParse(value.Trim('[', ']'), out var address) ? Normalize(address) : null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
