using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace Venvid.ApiService.Caching;

/// <summary>HybridCache's L2: Redis behind <see cref="RedisGate"/>, so a Redis outage degrades to in-memory caching instead of timeouts.</summary>
internal sealed class GuardedDistributedCache(IDistributedCache inner, RedisGate gate) : IDistributedCache
{
    public byte[]? Get(string key) => Guard(() => inner.Get(key));

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        await GuardAsync(() => inner.GetAsync(key, token));

    public void Refresh(string key) => Guard(() => { inner.Refresh(key); return true; });

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync(async () => { await inner.RefreshAsync(key, token); return true; });

    public void Remove(string key) => Guard(() => { inner.Remove(key); return true; });

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync(async () => { await inner.RemoveAsync(key, token); return true; });

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        Guard(() => { inner.Set(key, value, options); return true; });

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        GuardAsync(async () => { await inner.SetAsync(key, value, options, token); return true; });

    private T? Guard<T>(Func<T> action)
    {
        if (!gate.TryEnter())
        {
            return default;
        }

        try
        {
            return action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            gate.ReportFailure(e);
            return default;
        }
    }

    private async Task<T?> GuardAsync<T>(Func<Task<T>> action)
    {
        if (!gate.TryEnter())
        {
            return default;
        }

        try
        {
            return await action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            gate.ReportFailure(e);
            return default;
        }
    }
}
