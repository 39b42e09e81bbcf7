using System.ComponentModel.DataAnnotations;
using Venvid.Contracts;

namespace Venvid.Web.Edge;

/// <summary>
/// <c>Venvid:Edge</c>: who stands in front of the web host. Locally nothing does, so the connecting peer is the client;
/// in production CloudFront does (proven by <see cref="OriginSecret"/>), behind a load balancer (<see cref="TrustedProxyNetworks"/>).
/// </summary>
public sealed class EdgeOptions : IValidatableObject
{
    public const string Section = "Venvid:Edge";

    /// <summary>
    /// Networks (CIDR) of the proxies directly in front of the edge, e.g. the load balancer's subnets: their
    /// <c>X-Forwarded-For</c>/<c>-Proto</c> entry (the last one, the address they saw) is believed. Empty by default,
    /// loopback included: a client-sent forwarding header is never what identifies a client.
    /// </summary>
    public string[] TrustedProxyNetworks { get; set; } = [];

    /// <summary>
    /// The value the CDN adds to every origin request in <see cref="OriginSecretHeader"/> (a deployment secret, never in
    /// templates). A request carrying it came through the CDN, so its <see cref="ViewerAddressHeader"/> is the client.
    /// </summary>
    public string? OriginSecret { get; set; }

    public string OriginSecretHeader { get; set; } = EdgeHeaders.OriginSecret;

    /// <summary>Where the CDN puts the viewer's address and port (CloudFront: <c>198.51.100.10:46532</c>).</summary>
    public string ViewerAddressHeader { get; set; } = EdgeHeaders.ViewerAddress;

    /// <summary>Refuse (403) every request without the origin secret, health probes excepted: the origin answers only through the CDN.</summary>
    public bool RequireOriginSecret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OriginSecret is { Length: > 0 and < 32 })
        {
            yield return new ValidationResult("Venvid:Edge:OriginSecret must be at least 32 characters.", [nameof(OriginSecret)]);
        }

        if (RequireOriginSecret && string.IsNullOrEmpty(OriginSecret))
        {
            yield return new ValidationResult("Venvid:Edge:RequireOriginSecret needs Venvid:Edge:OriginSecret.", [nameof(RequireOriginSecret)]);
        }

        foreach (var network in TrustedProxyNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Venvid:Edge:TrustedProxyNetworks: '{network}' is not a CIDR network.", [nameof(TrustedProxyNetworks)]);
            }
        }
    }
}
