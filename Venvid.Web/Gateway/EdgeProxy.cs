using Microsoft.Net.Http.Headers;
using Venvid.Contracts.Storage;
using Venvid.Web.Edge;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Venvid.Web.Gateway;

/// <summary>
/// The edge's routes: <c>/api</c> (and the API's document) to the caller's region's API, the uploads to clusters that
/// wait out a long completion, <c>/media/videos</c> to storage. One cluster per region and kind (<c>api-ca</c>,
/// <c>api-long-ca</c>, …); routes start on the default region's and <see cref="RegionRouting"/> moves each request
/// to its own region's.
/// </summary>
public static class EdgeProxy
{
    public static void AddEdgeProxy(this IHostApplicationBuilder builder, StorageOptions storage, string mediaAddress)
    {
        var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddSingleton<IForwarderHttpClientFactory, MediaOrigins.ClientFactory>();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                Routes(gateway),
                [
                    .. ApiClusters(gateway, RegionSelector.ClusterPrefix, probed: true),
                    .. ApiClusters(gateway, RegionSelector.LongClusterPrefix, probed: false),
                    .. MediaOrigins.Clusters(gateway, mediaAddress),
                ])
            .AddTransforms(context =>
            {
                if (context.Route.RouteId == EdgeExtensions.MediaRoute)
                {
                    AddMediaTransforms(context, storage.Bucket);
                }
                else
                {
                    AddApiTransforms(context);
                }
            })
            .AddServiceDiscoveryDestinationResolver();
    }

    private static RouteConfig[] Routes(GatewayOptions gateway)
    {
        var regional = new Dictionary<string, string> { [RegionRouting.RouteMetadataKey] = RegionSelector.ClusterPrefix };
        var longRegional = new Dictionary<string, string> { [RegionRouting.RouteMetadataKey] = RegionSelector.LongClusterPrefix };
        var defaultRegion = gateway.DefaultRegion.ToLowerInvariant();
        RouteConfig Api(string id, RouteMatch match, long bodyLimit, bool silentForMinutes) => new()
        {
            RouteId = id,
            CorsPolicy = PublicApiCors.Policy,
            ClusterId = (silentForMinutes ? RegionSelector.LongClusterPrefix : RegionSelector.ClusterPrefix) + defaultRegion,
            Match = match,
            MaxRequestBodySize = bodyLimit,
            RateLimiterPolicy = GatewayRateLimits.Policy,
            Metadata = silentForMinutes ? longRegional : regional,
        };

        return
        [
            Api("api", new RouteMatch { Path = "/api/{**rest}" }, EdgeExtensions.ApiBodyLimit, silentForMinutes: false) with { OutputCachePolicy = EdgeCache.Policy },
            // The API's OpenAPI document and its reference page for people.
            Api("api-docs", new RouteMatch { Path = "/{docs:regex(^(openapi|scalar)$)}/{**rest}", Methods = ["GET", "HEAD"] }, EdgeExtensions.ApiBodyLimit, silentForMinutes: false)
                with { CorsPolicy = null },
            // Both ways of uploading end by completing the upload in storage, silent until it is assembled. The
            // streaming upload sets its own body limit from the caller's quota; the edge must not cut it first.
            Api("api-upload", new RouteMatch { Path = "/api/videos", Methods = ["POST"] }, bodyLimit: -1, silentForMinutes: true),
            Api("api-upload-complete", new RouteMatch { Path = "/api/uploads/{uploadId}/complete", Methods = ["POST"] }, EdgeExtensions.ApiBodyLimit, silentForMinutes: true),
            new RouteConfig
            {
                RouteId = EdgeExtensions.MediaRoute,
                ClusterId = MediaOrigins.Cluster,
                // Only published outputs: raw uploads (uploads/...) are never served.
                Match = new RouteMatch { Path = "/media/" + MediaKeys.PublishedPrefix + "{**key}", Methods = ["GET", "HEAD"] },
                // Media goes to its region's replica of the bucket only where one is configured; otherwise to the primary.
                Metadata = gateway.MediaOrigins.Count == 0 ? null : new Dictionary<string, string> { [RegionRouting.RouteMetadataKey] = MediaOrigins.ClusterId("") },
            },
        ];
    }

    /// <summary>
    /// A cluster per region. The probed ones are what the gateway's health checks watch; the long ones (same APIs)
    /// carry the uploads, whose completion is silent for up to the API's deadline for it, so the API's answer (the
    /// video, or a 503 to retry) always reaches the client instead of the edge's 504.
    /// </summary>
    private static IEnumerable<ClusterConfig> ApiClusters(GatewayOptions gateway, string prefix, bool probed) => gateway.Regions.Select(region => new ClusterConfig
    {
        ClusterId = prefix + region.Key.ToLowerInvariant(),
        Destinations = new Dictionary<string, DestinationConfig> { [region.Key.ToLowerInvariant()] = new() { Address = region.Value } },
        LoadBalancingPolicy = "PowerOfTwoChoices",
        // An API that stops answering mid-request (its region went down behind a load balancer that still accepts
        // connections) fails the request after this, and a GET is then retried in the other region. Long responses
        // stay alive: uploads stream, and the processing-events stream repeats itself every 15 s.
        HttpRequest = new ForwarderRequestConfig
        {
            ActivityTimeout = probed ? TimeSpan.FromSeconds(30) : StorageOptions.MaxAssemblyTime + TimeSpan.FromMinutes(1),
        },
        // One failed probe takes a region's API out (a probe every HealthCheckInterval keeps that fair); the next good
        // one puts it back.
        Metadata = probed ? new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" } : null,
        HealthCheck = probed ? HealthCheck(gateway) : null,
    });

    private static HealthCheckConfig HealthCheck(GatewayOptions gateway) => new()
    {
        Active = new ActiveHealthCheckConfig
        {
            Enabled = true,
            Interval = gateway.HealthCheckInterval,
            Timeout = TimeSpan.FromSeconds(2),
            // Liveness, not readiness: an API whose database or cache is down still answers (503 with Retry-After for
            // what needs it, degraded reads otherwise) and the other region shares the same primary, so only an API
            // that does not answer at all sends its region's traffic elsewhere.
            Path = "/alive",
            Policy = "ConsecutiveFailures",
        },
        Passive = new PassiveHealthCheckConfig
        {
            Enabled = true,
            Policy = "TransportFailureRate",
            ReactivationPeriod = gateway.HealthCheckInterval * 2,
        },
    };

    private static void AddApiTransforms(TransformBuilderContext context)
    {
        EdgeCache.AddCacheHeaderTransforms(context);
        // Another region's edge (a public origin, not a service in this cluster) hears the client's identity the way
        // it hears the CDN's: with the origin secret.
        context.AddRequestTransform(transform =>
        {
            if (transform.DestinationPrefix.StartsWith(Uri.UriSchemeHttps + "://", StringComparison.OrdinalIgnoreCase))
            {
                var identity = transform.HttpContext.RequestServices.GetRequiredService<ClientIdentity>();
                foreach (var (name, value) in identity.OnwardHeaders(transform.HttpContext))
                {
                    transform.ProxyRequest.Headers.Remove(name);
                    transform.ProxyRequest.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return ValueTask.CompletedTask;
        });
    }

    private static void AddMediaTransforms(TransformBuilderContext context, string bucket)
    {
        // /media/{key} → /{bucket}/{key} on the storage endpoint (path-style).
        context.AddPathRemovePrefix("/media");
        context.AddPathPrefix("/" + bucket);
        // Browsers must not send credentials or cookies to storage.
        context.AddRequestHeaderRemove(HeaderNames.Cookie);
        context.AddRequestHeaderRemove(HeaderNames.Authorization);
        context.AddResponseTransform(response =>
        {
            MediaCacheHeaders.Apply(response.HttpContext);
            return ValueTask.CompletedTask;
        });
    }
}
