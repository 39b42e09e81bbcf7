using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Lifecycle;

namespace Venvid.AppHost.Infrastructure;

/// <summary>
/// Refuses to start an app model in which two resources claim the same host port: only one of their proxies could
/// bind it, and service discovery would send both resources' callers to that one, silently.
/// </summary>
public static class HostPorts
{
    public static IDistributedApplicationBuilder AddHostPortCheck(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            EnsureDistinct(started.Model);
            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>Throws naming both resources (and endpoints) of the first port claimed twice.</summary>
    public static void EnsureDistinct(DistributedApplicationModel model)
    {
        var clash = model.Resources
            .SelectMany(resource => resource.Annotations.OfType<EndpointAnnotation>()
                .Where(endpoint => endpoint.Port is not null)
                .Select(endpoint => (Claim: $"{resource.Name} ({endpoint.Name})", Port: endpoint.Port!.Value)))
            .GroupBy(claim => claim.Port)
            .FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
        {
            throw new DistributedApplicationException(
                $"Host port {clash.Key} is claimed by {string.Join(" and ", clash.Select(c => c.Claim))}: give each its own port.");
        }
    }
}
