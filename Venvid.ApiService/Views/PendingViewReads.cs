using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Views;

/// <summary>
/// Reads of the views pending flush, coalesced: while one <c>HMGET</c> is in flight, callers queue their ids for the
/// next one, so under load the API sends one read per Redis round trip instead of one per request. A caller's ids are
/// always read by a command sent after the caller arrived, so every view counted before a request is seen by it.
/// </summary>
public sealed class PendingViewReads(RedisGate redis, IOptions<ViewOptions> options, ILogger<PendingViewReads> logger)
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    private readonly Lock _lock = new();
    private Batch? _next;
    private bool _sending;

    /// <summary>Pending counts for (at least) <paramref name="videoIds"/>; empty when Redis is unavailable.</summary>
    public Task<IReadOnlyDictionary<string, long>> ReadAsync(IReadOnlyList<string> videoIds)
    {
        if (videoIds.Count == 0 || !redis.IsAvailable)
        {
            return Task.FromResult(None);
        }

        Batch batch;
        bool send;
        lock (_lock)
        {
            batch = _next ??= new Batch();
            batch.Ids.UnionWith(videoIds);
            send = !_sending;
            if (send)
            {
                _sending = true;
                _next = null;
            }
        }

        if (send)
        {
            _ = SendAllAsync(batch);
        }

        return batch.Result.Task;
    }

    private async Task SendAllAsync(Batch batch)
    {
        while (true)
        {
            await SendAsync(batch);
            lock (_lock)
            {
                if (_next is null)
                {
                    _sending = false;
                    return;
                }

                batch = _next;
                _next = null;
            }
        }
    }

    private async Task SendAsync(Batch batch)
    {
        try
        {
            var ids = batch.Ids.ToArray();
            var values = await redis.TryAsync(database =>
                database.HashGetAsync(options.Value.PendingKey, [.. ids.Select(id => (RedisValue)id)]));
            var pending = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; values is not null && i < values.Length; i++)
            {
                if (values[i].TryParse(out long count) && count > 0)
                {
                    pending[ids[i]] = count;
                }
            }

            batch.Result.TrySetResult(pending);
        }
        catch (Exception e)
        {
            // Not a Redis failure (RedisGate handles those): fail this batch's callers, keep serving the next ones.
            logger.LogError(e, "Reading pending view counts failed");
            batch.Result.TrySetException(e);
        }
    }

    private sealed class Batch
    {
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        // Callers resume on the thread pool, not one after another on the sending loop.
        public TaskCompletionSource<IReadOnlyDictionary<string, long>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
