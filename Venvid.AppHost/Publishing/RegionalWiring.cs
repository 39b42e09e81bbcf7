using Aspire.Hosting.ApplicationModel;

namespace Venvid.AppHost.Publishing;

/// <summary>
/// What differs between regions for the same service: a secondary region reads its databases from the local replica
/// (<c>ConnectionStrings__{db}-replica</c>) while <c>ConnectionStrings__{db}</c> keeps pointing at the primary for writes.
/// Services with a database learn their region (<c>Venvid__Region</c>); the public service that forwards to the API
/// (the gateway) gets its region map: its own region's API in-cluster, every other region through that region's origin.
/// </summary>
public static class RegionalWiring
{
    public static string ReplicaName(string database) => $"{database}-replica";

    /// <summary>The Postgres databases of the app model, whichever way they were added: those get a replica per secondary region.</summary>
    public static IReadOnlyList<string> ReplicatedDatabases(DistributedApplicationModel model) =>
        model.Resources
            .Where(r => r is PostgresDatabaseResource or Infrastructure.LocalPostgresDatabaseResource)
            .Select(r => r.Name)
            .ToList();

    public const string ApiService = "api";

    /// <summary>Key of the parameters Secret holding what CloudFront sends the web origin (the stack's <c>OriginSecret</c>).</summary>
    public const string OriginSecretKey = "origin-secret";

    public static ServiceDescription ForRegion(ServiceDescription service, DeploymentRegion region, IReadOnlyList<string> replicatedDatabases, DeploymentOptions options)
    {
        var environment = new SortedDictionary<string, DeployedValue>(service.Environment.ToDictionary(), StringComparer.Ordinal)
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = new ConfigValue($"cloud.provider=aws,cloud.region={region.Name},deployment.environment=production"),
        };
        var connectionStrings = service.ConnectionStrings.ToList();

        if (!region.IsPrimary)
        {
            foreach (var database in replicatedDatabases.Where(service.ConnectionStrings.Contains))
            {
                var replica = ReplicaName(database);
                environment[$"ConnectionStrings__{replica}"] = new SecretReference(ServiceModelReader.ConnectionStringsSecret, replica);
                connectionStrings.Add(replica);
            }
        }

        if (replicatedDatabases.Any(service.ConnectionStrings.Contains))
        {
            environment["Venvid__Region"] = new ConfigValue(region.Key);
        }

        if (service.Name == ApiService)
        {
            // Only the web and worker pods can reach the API (its NetworkPolicy), so whoever connects is a gateway.
            environment["Venvid__RateLimits__TrustedProxyNetworks__0"] = new ConfigValue("0.0.0.0/0");
            environment["Venvid__RateLimits__TrustedProxyNetworks__1"] = new ConfigValue("::/0");
        }

        if (service.IsExternal && service.Environment.Keys.Any(k => k.StartsWith($"services__{ApiService}__", StringComparison.Ordinal)))
        {
            // The public edge answers only what came through CloudFront, which proves itself with the origin secret.
            environment["Venvid__Edge__OriginSecret"] = new SecretReference(ServiceModelReader.ParametersSecret, OriginSecretKey);
            environment["Venvid__Edge__RequireOriginSecret"] = new ConfigValue("true");
            environment["Venvid__Gateway__DefaultRegion"] = new ConfigValue(region.Key);
            foreach (var other in DeploymentRegion.All)
            {
                // A request failed over to another region arrives at that region's gateway naming its region
                // (X-Venvid-Region), so it is served there and never bounced back.
                environment[$"Venvid__Gateway__Regions__{other.Key}"] = new ConfigValue(other == region
                    ? $"https+http://{ApiService}"
                    : $"https://{options.OriginHost(other)}");
            }
        }

        return service with { Environment = environment, ConnectionStrings = connectionStrings.Order(StringComparer.Ordinal).ToList() };
    }
}
