using Aspire.Hosting.ApplicationModel;

namespace Venvid.AppHost.Publishing;

/// <summary>
/// What differs between regions for the same service: a secondary region reads its databases from the local replica
/// (<c>ConnectionStrings__{db}-replica</c>) while <c>ConnectionStrings__{db}</c> keeps pointing at the primary for writes.
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

    public static ServiceDescription ForRegion(ServiceDescription service, DeploymentRegion region, IReadOnlyList<string> replicatedDatabases)
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

        return service with { Environment = environment, ConnectionStrings = connectionStrings.Order(StringComparer.Ordinal).ToList() };
    }
}
