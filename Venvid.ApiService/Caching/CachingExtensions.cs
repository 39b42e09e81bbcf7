using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Venvid.ApiService.Caching;

public static class CachingExtensions
{
    /// <summary>Redis as HybridCache's L2 (sharing the Aspire-managed connection), guarded by <see cref="RedisGate"/>.</summary>
    public static IHostApplicationBuilder AddVenvidCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisGateOptions>().BindConfiguration(RedisGateOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<RedisGate>();
        builder.Services.AddOptions<RedisCacheOptions>()
            .Configure<IServiceProvider>((options, services) =>
            {
                options.InstanceName = "venvid:cache:";
                options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
            });
        builder.Services.AddSingleton<IDistributedCache>(services => new GuardedDistributedCache(
            new RedisCache(services.GetRequiredService<IOptions<RedisCacheOptions>>()),
            services.GetRequiredService<RedisGate>()));
        builder.Services.AddSingleton<VideoCache>();
        builder.AddHttpCaching();
        return builder;
    }
}
