using StackExchange.Redis;

namespace Venvid.Tests.Support;

/// <summary>Looks into the app's Redis directly, to see whether the API is using it again.</summary>
public static class RedisAccess
{
    public static async Task<ConnectionMultiplexer> ConnectRedisAsync(this VenvidAppFixture fixture) =>
        await ConnectionMultiplexer.ConnectAsync(await fixture.GetConnectionStringAsync("redis") + ",abortConnect=false");
}
