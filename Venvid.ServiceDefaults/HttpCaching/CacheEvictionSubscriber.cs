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
    : BackgroundService
{
    /// <summary>One message per change: its tags, separated by <see cref="Separator"/>.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("venvid:http-cache:evict");
    public const char Separator = ' ';

    private ChannelMessageQueue? _queue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Redis is optional at start: keep trying in the background. Once subscribed, StackExchange.Redis
        // resubscribes by itself after a reconnect.
        while (_queue is null)
        {
            try
            {
                _queue = await redis.GetSubscriber().SubscribeAsync(Channel);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug(e, "Not subscribed to cache evictions yet; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_queue is not null)
        {
            await _queue.UnsubscribeAsync();
        }
    }
}
