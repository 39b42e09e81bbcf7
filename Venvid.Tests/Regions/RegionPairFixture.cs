namespace Venvid.Tests.Regions;

/// <summary>
/// The region pair (<c>--Venvid:Regions=pair</c>): Postgres primary in Canada with a streaming replica in Europe,
/// a Redis, two API replicas and a storage server per region (Canada's replicating published media to Europe's),
/// the web host as the gateway between them.
/// </summary>
public sealed class RegionPairFixture() : AppHostFixture(
    Resources,
    arguments: ["--Venvid:Regions=pair", "--Venvid:Infrastructure=executables"],
    primaryDatabase: "venvid-ca",
    api: "api-ca",
    storage: "storage-ca",
    logSubdirectory: "pair")
{
    public static readonly string[] Resources =
        ["postgres-ca", "venvid-ca", "postgres-eu", "venvid-eu", "redis-ca", "redis-eu", "storage-ca", "storage-eu", "api-ca", "api-eu", "mediaworker", "web"];
}

[CollectionDefinition(Name)]
public sealed class RegionPairCollection : ICollectionFixture<RegionPairFixture>
{
    public const string Name = "Venvid region pair";
}
