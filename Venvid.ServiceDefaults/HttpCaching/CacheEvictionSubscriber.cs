using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Venvid.ServiceDefaults.HttpCaching;

/// <summary>
/// Evictions of cached HTTP responses announced on the region's Redis (by the API, whenever data a public response
/// shows changes) applied to this process's output cache. A missed message costs at most one cache lifetime of
/// staleness: entries expire on their own after seconds.
/// </summary>
public sealed class CacheEvictionSubscriber(IConnectionMultiplexer redis, IOutputCacheStore store, ILogger<CacheEvictionSubscriber> logger)
    : IHostedService
{
    /// <summary>One message per change: its tags, separated by <see cref="Separator"/>.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("venvid:http-cache:evict");
    public const char Separator = ' ';

    private ChannelMessageQueue? _queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The connection may not be up yet (Redis is optional at start): StackExchange.Redis resubscribes on reconnect.
        _queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        _queue.OnMessage(async message =>
        {
            foreach (var tag in ((string?)message.Message ?? "").Split(Separator, StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    await store.EvictByTagAsync(tag, CancellationToken.None);
                }
                catch (Exception e) when (e is RedisException or TimeoutException or AggregateException)
                {
                    logger.LogWarning(e, "Could not evict cached responses tagged {Tag}", tag);
                }
            }
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }
}
