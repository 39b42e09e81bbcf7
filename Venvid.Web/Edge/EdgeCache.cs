using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using StackExchange.Redis;
using Venvid.Contracts;
using Venvid.ServiceDefaults.HttpCaching;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Venvid.Web.Edge;

/// <summary>
/// The edge's cache of public API responses — the local stand-in for CloudFront's: ASP.NET Core output caching over
/// the region's Redis, shared by every replica of the edge. Only anonymous GETs the API marked <c>public</c> are kept
/// (<see cref="PublicResponsePolicy"/>), tagged with what the API said they show; the API's answer to a write names
/// the tags it made stale and they are evicted before the writer hears it, and changes made elsewhere (the worker,
/// another replica) arrive as Redis announcements (<see cref="CacheEvictionSubscriber"/>).
/// </summary>
public static class EdgeCache
{
    public const string Policy = "edge-public-api";
    private const string TagsItem = "venvid.edge.cache-tags";

    public static IHostApplicationBuilder AddEdgeCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(Policy, new PublicResponsePolicy(http =>
                http.Items.TryGetValue(TagsItem, out var tags) && tags is string[] list ? list : []));
            options.MaximumBodySize = 1024 * 1024;
        });
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis")))
        {
            // A single edge without Redis (a bare deployment, a test) keeps its cache in memory.
            return builder;
        }

        builder.AddRedisClient("redis", configureOptions: options =>
        {
            // The cache is an optimisation: the edge starts and serves without Redis, fetching from the API instead.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            options.BacklogPolicy = BacklogPolicy.FailFast;
        });
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<IServiceProvider>((options, services) =>
        {
            options.InstanceName = "venvid:edge:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>());
        });
        builder.Services.AddStackExchangeRedisOutputCache(_ => { });
        var redisStore = builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        builder.Services.Remove(redisStore);
        builder.Services.AddSingleton<IOutputCacheStore>(services =>
        {
            // The Redis store starts its garbage-collection loop in its constructor; whoever resolves it first (often a
            // request) must not lend it their trace, or every sweep, minutes later, is exported under that request.
            IOutputCacheStore redis;
            using (ExecutionContext.SuppressFlow())
            {
                redis = (IOutputCacheStore)(redisStore.ImplementationInstance
                    ?? redisStore.ImplementationFactory?.Invoke(services)
                    ?? ActivatorUtilities.CreateInstance(services, redisStore.ImplementationType!));
            }

            return new GuardedOutputCacheStore(redis, TimeProvider.System, services.GetRequiredService<ILogger<GuardedOutputCacheStore>>());
        });
        builder.Services.AddHostedService<CacheEvictionSubscriber>();
        return builder;
    }

    /// <summary>On API responses: keeps the tags for the cache, evicts what a write made stale, and shows neither header to the client.</summary>
    public static void AddCacheHeaderTransforms(TransformBuilderContext context)
    {
        context.AddResponseTransform(async transform =>
        {
            var http = transform.HttpContext;
            var headers = http.Response.Headers;
            if (headers.TryGetValue(EdgeHeaders.CacheTags, out var tags))
            {
                http.Items[TagsItem] = Split(tags);
                headers.Remove(EdgeHeaders.CacheTags);
            }

            if (headers.TryGetValue(EdgeHeaders.CacheEvict, out var evict))
            {
                headers.Remove(EdgeHeaders.CacheEvict);
                var store = http.RequestServices.GetRequiredService<IOutputCacheStore>();
                foreach (var tag in Split(evict))
                {
                    await store.EvictByTagAsync(tag, http.RequestAborted);
                }
            }
        });
    }

    private static string[] Split(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(CacheEvictionSubscriber.Separator, StringSplitOptions.RemoveEmptyEntries))];
}

/// <summary>
/// The Redis store behind a breaker: while Redis fails, lookups miss and stores are skipped for a few seconds, so an
/// outage costs the origin some load instead of failing or slowing requests.
/// </summary>
public sealed class GuardedOutputCacheStore(IOutputCacheStore inner, TimeProvider time, ILogger<GuardedOutputCacheStore> logger)
    : IOutputCacheBufferStore
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);
    private long _closedUntil;

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        RunAsync(async () => { await inner.EvictByTagAsync(tag, cancellationToken); return true; });

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        await GuardAsync(() => inner.GetAsync(key, cancellationToken), null);

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        RunAsync(async () => { await inner.SetAsync(key, value, tags, validFor, cancellationToken); return true; });

    public async ValueTask<bool> TryGetAsync(string key, PipeWriter destination, CancellationToken cancellationToken)
    {
        if (inner is IOutputCacheBufferStore buffers)
        {
            return await GuardAsync(() => buffers.TryGetAsync(key, destination, cancellationToken), false);
        }

        if (await GetAsync(key, cancellationToken) is not { } bytes)
        {
            return false;
        }

        await destination.WriteAsync(bytes, cancellationToken);
        return true;
    }

    public ValueTask SetAsync(string key, ReadOnlySequence<byte> value, ReadOnlyMemory<string> tags, TimeSpan validFor, CancellationToken cancellationToken) =>
        inner is IOutputCacheBufferStore buffers
            ? RunAsync(async () => { await buffers.SetAsync(key, value, tags, validFor, cancellationToken); return true; })
            : SetAsync(key, value.ToArray(), tags.ToArray(), validFor, cancellationToken);


    private async ValueTask<T> GuardAsync<T>(Func<ValueTask<T>> action, T fallback)
    {
        if (time.GetUtcNow().UtcTicks < Interlocked.Read(ref _closedUntil))
        {
            return fallback;
        }

        try
        {
            return await action();
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Interlocked.Exchange(ref _closedUntil, (time.GetUtcNow() + Pause).UtcTicks);
            logger.LogWarning(e, "The edge cache's Redis failed; serving without it for {Pause}", Pause);
            return fallback;
        }
    }

    /// <summary>The store's own failures: Redis errors, also as the aggregate its tag eviction throws.</summary>
    public static bool IsRedisFailure(Exception e) =>
        e is RedisException or TimeoutException or ObjectDisposedException
        || (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(IsRedisFailure));

    private async ValueTask RunAsync(Func<ValueTask<bool>> action) => await GuardAsync(action, false);
}
