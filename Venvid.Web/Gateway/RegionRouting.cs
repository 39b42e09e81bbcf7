using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Venvid.Web.Gateway;

/// <summary>
/// Proxy-pipeline step for regional routes: sends an <c>/api</c> request to its region's API cluster (load-balanced
/// across that region's replicas by YARP), or to the next region when every API of its own is down — known from the
/// active health probes, or found out by this very request failing to connect (then a GET or HEAD, which has sent
/// no body, is tried once more in the next region). <c>/media</c> goes to its region's bucket the same way
/// (<see cref="MediaOrigins"/>).
/// </summary>
public sealed partial class RegionRouting(RegionSelector selector, IProxyStateLookup proxy, ILogger<RegionRouting> logger)
{
    /// <summary>Route metadata naming the cluster family the route is regional in: <c>api-</c>, <c>api-long-</c> or <c>media-</c>.</summary>
    public const string RouteMetadataKey = "venvid-regional";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        // One region (the default deployment): the route already names its cluster and there is nowhere to fail over to.
        if (selector.Regions.Count == 1 || context.GetReverseProxyFeature().Route.Config.Metadata?.TryGetValue(RouteMetadataKey, out var family) != true)
        {
            await next();
            return;
        }

        var chosen = selector.Choose(context.Request);
        var candidates = selector.InFailoverOrder(chosen)
            .Select(region => (Region: region, Cluster: proxy.TryGetCluster(family + region, out var cluster) ? cluster : null, Probed: Probed(family!, region)))
            .Where(c => c.Cluster is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            await next();
            return;
        }

        // Regions with an API not known to be down first. If every region's APIs failed their probes, the first is
        // tried anyway (YARP's HealthyOrPanic): a probe can be a few seconds behind an API that is back, and with
        // nowhere else to go, trying beats refusing.
        var ordered = candidates.Where(c => Reachable(c.Probed ?? c.Cluster!))
            .Concat(candidates.Where(c => !Reachable(c.Probed ?? c.Cluster!)))
            .ToList();
        var replayable = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (region, cluster, _) = ordered[i];
            if (region != chosen)
            {
                LogFailover(chosen, region, context.Request.Path);
            }

            context.ReassignProxyRequest(cluster!);
            // Name the region downstream: another region's gateway (the fail-over path in production) then serves
            // the request itself instead of routing it by cookie or country, possibly back here.
            context.Request.Headers[RegionSelector.Header] = region;
            await next();

            var error = context.Features.Get<IForwarderErrorFeature>();
            var unreachable = error is { Error: ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.NoAvailableDestinations };
            if (!unreachable || !replayable || context.Response.HasStarted || i == ordered.Count - 1)
            {
                return;
            }

            // Nothing reached the client yet: forget the failed attempt and try the next region.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    /// <summary>The long-request clusters are not probed: the region's API cluster, which is, speaks for them.</summary>
    private ClusterState? Probed(string family, string region) =>
        family == RegionSelector.LongClusterPrefix && proxy.TryGetCluster(RegionSelector.ClusterId(region), out var api) ? api : null;

    private static bool Reachable(ClusterState cluster) => cluster.Destinations.Values.Any(d =>
        d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Region {Chosen} cannot take {Path}; forwarding to {Region}")]
    private partial void LogFailover(string chosen, string region, PathString path);
}
