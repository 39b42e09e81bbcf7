namespace Venvid.Tests.Regions;

/// <summary>
/// The region pair (<c>--Venvid:Regions=pair</c>): Postgres primary in Canada with a streaming replica in Europe,
/// a Redis and two API replicas per region, the web host as the gateway between them.
/// </summary>
public sealed class RegionPairFixture() : AppHostFixture(
    Resources,
    arguments: ["--Venvid:Regions=pair", "--Venvid:Infrastructure=executables"],
    primaryDatabase: "venvid-ca",
    api: "api-ca",
    logSubdirectory: "pair")
{
    public static readonly string[] Resources =
        ["postgres-ca", "venvid-ca", "postgres-eu", "venvid-eu", "redis-ca", "redis-eu", "storage", "api-ca", "api-eu", "mediaworker", "web"];
}

[CollectionDefinition(Name)]
public sealed class RegionPairCollection : ICollectionFixture<RegionPairFixture>
{
    public const string Name = "Venvid region pair";
}
